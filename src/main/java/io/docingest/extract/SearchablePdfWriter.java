package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.FileType;
import io.docingest.document.OcrLayout;
import io.docingest.document.PageText;
import io.docingest.document.PageWord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A copy of a PDF whose OCR'd pages carry an invisible text layer (text render mode 3, as
 * Tesseract's own PDF renderer and OCRmyPDF write it): each word Tesseract read is placed over
 * where it lies on the scan and stretched to its box, so a viewer's search and selection find it
 * and pdftotext reads it, on the page it is on. Every other page (a text layer, blank, failed) is
 * copied as it is. An image file (a TIFF's frames, a JPEG, a PNG …) becomes a PDF of one image per
 * page, at {@code ingest.pages.dpi}, with the same layer. The font is a subset of
 * {@code ingest.output.font} (a TrueType or OpenType font with the Japanese glyphs) with a
 * ToUnicode map, so the text extracts as Unicode. The original is opened with PDFBox's scratch
 * file, not held in the heap.
 */
final class SearchablePdfWriter {

    private final File font;
    private final int dpi;
    private final Limits limits;

    SearchablePdfWriter(Path font, int dpi, Limits limits) {
        this.font = font.toFile();
        this.dpi = dpi;
        this.limits = limits;
    }

    void write(Path original, FileType type, List<PageText> pages, Path out) throws IOException {
        try (PDDocument pdf = type.isImage() ? new PDDocument(IOUtils.createTempFileOnlyStreamCache())
                : Loader.loadPDF(new RandomAccessReadBufferedFile(original.toFile()), (String) null, null, null,
                        IOUtils.createTempFileOnlyStreamCache())) {
            if (type.isImage()) {
                for (PageText page : pages) {
                    addImagePage(pdf, original, type, page.page());
                }
            }
            PDType0Font type0 = PDType0Font.load(pdf, font);
            for (PageText page : pages) {
                OcrLayout layout = page.layout();
                if (layout == null || layout.words().isEmpty()) {
                    continue;
                }
                PDPage target = pdf.getPage(page.page() - 1);
                try (PDPageContentStream layer = new PDPageContentStream(pdf, target, AppendMode.APPEND, true, true)) {
                    layer.beginText();
                    layer.setRenderingMode(RenderingMode.NEITHER);
                    for (PageWord word : layout.words()) {
                        place(layer, type0, frame(target, layout.frame()), layout.turn(), word);
                    }
                    layer.endText();
                }
            }
            pdf.save(out.toFile());
        }
    }

    /**
     * An image file's frame as a page of its size at the OCR resolution: a JPEG as its own bytes,
     * a bilevel frame as CCITT G4 (what scanners write), anything else losslessly.
     */
    private void addImagePage(PDDocument pdf, Path original, FileType type, int frame) throws IOException {
        BufferedImage image = ImagePages.read(original, frame, limits.maxPixelsPerPage());
        PDImageXObject xobject = type == FileType.JPEG ? JPEGFactory.createFromByteArray(pdf, Files.readAllBytes(original))
                : image.getType() == BufferedImage.TYPE_BYTE_BINARY ? CCITTFactory.createFromImage(pdf, image)
                : LosslessFactory.createFromImage(pdf, image);
        PDRectangle size = new PDRectangle(image.getWidth() * 72f / dpi, image.getHeight() * 72f / dpi);
        PDPage page = new PDPage(size);
        pdf.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
            content.drawImage(xobject, 0, 0, size.getWidth(), size.getHeight());
        }
    }

    /**
     * Where the OCR'd image lies in the page's user space: fractions (across, down) of the image to
     * points. A scan's own image covers the crop box as stored; a rendered page is the crop box as
     * displayed, turned by its /Rotate.
     */
    static AffineTransform frame(PDPage page, String frame) {
        PDRectangle box = page.getCropBox();
        float w = box.getWidth();
        float h = box.getHeight();
        int rotation = OcrLayout.RENDERED_PAGE.equals(frame) ? Math.floorMod(page.getRotation(), 360) : 0;
        return switch (rotation) {
            case 90 -> new AffineTransform(0, h, w, 0, box.getLowerLeftX(), box.getLowerLeftY());
            case 180 -> new AffineTransform(-w, 0, 0, h, box.getUpperRightX(), box.getLowerLeftY());
            case 270 -> new AffineTransform(0, -h, -w, 0, box.getUpperRightX(), box.getUpperRightY());
            default -> new AffineTransform(w, 0, 0, -h, box.getLowerLeftX(), box.getUpperRightY());
        };
    }

    /**
     * One word: its baseline along the box's reading direction (the image's across, unless the
     * page was read turned), its size the box's height, stretched to the box's length.
     */
    private static void place(PDPageContentStream layer, PDType0Font font, AffineTransform frame, int turn, PageWord word)
            throws IOException {
        String text = encodable(font, word.text());
        if (text.isEmpty()) {
            return;
        }
        // In the image (across, down): the direction the text reads and the direction its letters stand.
        double[] reads = switch (turn) {
            case 90 -> new double[]{0, -1};
            case 180 -> new double[]{-1, 0};
            case 270 -> new double[]{0, 1};
            default -> new double[]{1, 0};
        };
        double[] up = {reads[1], -reads[0]};
        double x0 = word.x();
        double y0 = word.y();
        double x1 = word.x() + word.width();
        double y1 = word.y() + word.height();
        // The box's corner where the text starts: at the foot of its first letter.
        Point2D start = switch (turn) {
            case 90 -> new Point2D.Double(x1, y1);
            case 180 -> new Point2D.Double(x1, y0);
            case 270 -> new Point2D.Double(x0, y0);
            default -> new Point2D.Double(x0, y1);
        };
        double length = reads[0] != 0 ? word.width() : word.height();
        double height = reads[0] != 0 ? word.height() : word.width();
        Point2D origin = frame.transform(start, null);
        Point2D along = frame.deltaTransform(new Point2D.Double(reads[0] * length, reads[1] * length), null);
        Point2D rise = frame.deltaTransform(new Point2D.Double(up[0] * height, up[1] * height), null);
        double lengthPt = along.distance(0, 0);
        double heightPt = rise.distance(0, 0);
        if (lengthPt <= 0 || heightPt <= 0) {
            return;
        }
        float ascent = font.getFontDescriptor().getAscent() / 1000f;
        float descent = Math.abs(font.getFontDescriptor().getDescent()) / 1000f;
        float size = (float) (heightPt / Math.max(0.5f, ascent + descent));
        double natural = font.getStringWidth(text) / 1000.0 * size;
        double stretch = natural > 0 ? lengthPt / natural : 1;
        double ux = along.getX() / lengthPt;
        double uy = along.getY() / lengthPt;
        double vx = rise.getX() / heightPt;
        double vy = rise.getY() / heightPt;
        // The baseline sits the font's descent above the box's bottom edge.
        double bx = origin.getX() + vx * descent * size;
        double by = origin.getY() + vy * descent * size;
        layer.setFont(font, size);
        layer.setTextMatrix(new Matrix((float) (ux * stretch), (float) (uy * stretch), (float) vx, (float) vy, (float) bx, (float) by));
        layer.showText(text);
    }

    /** The word without the characters the font has no glyph for (PDFBox refuses them). */
    private static String encodable(PDType0Font font, String word) {
        StringBuilder kept = new StringBuilder();
        word.codePoints().forEach(codePoint -> {
            String character = new String(Character.toChars(codePoint));
            try {
                font.encode(character);
                kept.append(character);
            } catch (IllegalArgumentException | IOException e) {
                // not in the font: left out of the layer (the index has the whole text)
            }
        });
        return kept.toString().strip();
    }
}
