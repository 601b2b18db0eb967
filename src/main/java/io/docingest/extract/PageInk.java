package io.docingest.extract;

import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

import java.awt.geom.Point2D;
import java.io.IOException;

/**
 * Whether a page puts anything on paper: an image, a painted path or shading, a glyph. It walks the
 * content stream with PDFBox's graphics engine and paints nothing, so a page with no text layer
 * and no ink is known to be blank without rendering it, and is never sent to OCR.
 */
final class PageInk extends PDFGraphicsStreamEngine {

    private boolean inked;

    private PageInk(PDPage page) {
        super(page);
    }

    static boolean hasInk(PDPage page) throws IOException {
        if (!page.getAnnotations().isEmpty()) {
            return true;  // stamps, filled form fields and comments are drawn over the page too
        }
        PageInk ink = new PageInk(page);
        ink.processPage(page);
        return ink.inked;
    }

    @Override
    public void drawImage(PDImage pdImage) {
        inked = true;
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
