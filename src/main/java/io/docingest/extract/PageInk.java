package io.docingest.extract;

import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

import java.awt.geom.Point2D;
import java.io.IOException;

/**
 * What a page puts on paper: nothing, only vectors (glyphs, painted paths, shadings), or pixels
 * (an image). It walks the content stream with PDFBox's graphics engine and paints nothing, so a
 * page is known to be blank, or to hold nothing OCR could read beyond its text layer, without
 * rendering it.
 */
final class PageInk extends PDFGraphicsStreamEngine {

    enum Kind {
        BLANK,
        /** Glyphs and paths only: what OCR would read of it is what its text layer already says. */
        VECTORS,
        /** An image, or an annotation whose appearance may hold one (a scanned stamp). */
        PIXELS
    }

    private boolean inked;
    private boolean pixels;

    private PageInk(PDPage page) {
        super(page);
    }

    static Kind of(PDPage page) throws IOException {
        PageInk ink = new PageInk(page);
        for (PDAnnotation annotation : page.getAnnotations()) {
            // Stamps, filled form fields and comments are drawn over the page too; a link is not
            // drawn (a manual has hundreds) or at most as a box.
            if (annotation instanceof PDAnnotationLink) {
                ink.inked = true;
            } else {
                return Kind.PIXELS;
            }
        }
        ink.processPage(page);
        return ink.pixels ? Kind.PIXELS : ink.inked ? Kind.VECTORS : Kind.BLANK;
    }

    @Override
    public void drawImage(PDImage pdImage) {
        inked = true;
        pixels = true;
    }

    @Override
    public void strokePath() {
        inked = true;
    }

    @Override
    public void fillPath(int windingRule) {
        inked = true;
    }

    @Override
    public void fillAndStrokePath(int windingRule) {
        inked = true;
    }

    @Override
    public void shadingFill(COSName shadingName) {
        inked = true;
    }

    @Override
    protected void showGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement) {
        inked = true;
    }

    @Override
    public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
    }

    @Override
    public void clip(int windingRule) {
    }

    @Override
    public void moveTo(float x, float y) {
    }

    @Override
    public void lineTo(float x, float y) {
    }

    @Override
    public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
    }

    @Override
    public Point2D getCurrentPoint() {
        return new Point2D.Float();
    }

    @Override
    public void closePath() {
    }

    @Override
    public void endPath() {
    }
}
