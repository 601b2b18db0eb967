package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.FileType;
import io.docingest.document.OcrLayout;
import io.docingest.document.PageWord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A copy of a PDF whose OCR'd pages carry an invisible text layer (text render mode 3, as
 * Tesseract's own PDF renderer and OCRmyPDF write it): each word Tesseract read is placed over
 * where it lies on the scan and stretched to its box, so a viewer's search and selection find it
 * and pdftotext reads it, on the page it is on. Every other page (a text layer, blank, failed) is
 * copied as it is. Each page's words are read from the file OCR wrote them to as its batch
 * finished ({@link WordBoxFiles}), one page at a time. An image file (a TIFF's frames, a JPEG, a PNG …) becomes a PDF of one image per
 * page, at {@code ingest.pages.dpi}, with the same layer. The font draws nothing and holds any
 * character ({@link GlyphLessFont}), so the layer costs the text and little more, and extracts as
 * Unicode. Every OCR'd page is marked as such ({@link TextLayerMark}). The original is opened with PDFBox's scratch file, not held in the heap. With
 * {@code ingest.output.pdf-a} the copy claims PDF/A-2b ({@link PdfAConformance}) and is checked
 * by veraPDF; one that does not conform is written again without the claim, and why is returned.
 */
final class SearchablePdfWriter {

    private final GlyphLessFont glyphLess;
    private final int dpi;
    private final Limits limits;
    private final boolean pdfA;

    SearchablePdfWriter(Path font, int dpi, Limits limits, boolean pdfA) throws IOException {
        this.glyphLess = new GlyphLessFont(font);
        this.dpi = dpi;
        this.limits = limits;
        this.pdfA = pdfA;
    }

    /**
     * A copy written: why it is not PDF/A-2b when that was asked for and could not be (else null),
     * and whether the original is signed (the copy's save breaks its signatures).
     */
    record Written(String notPdfA, boolean signed) {
    }

    /**
     * Writes the copy of {@code original} ({@code pages} pages) to {@code out}, a layer on each of
     * the {@code ocred} pages from its word boxes in {@code wordBoxes} ({@link WordBoxFiles}; a
     * page that failed after its boxes were written gets none).
     */
    Written write(Path original, FileType type, int pages, Set<Integer> ocred, Path wordBoxes, Path out) throws IOException {
        boolean signed = write(original, type, pages, ocred, wordBoxes, out, pdfA);
        String failure = pdfA ? PdfAValidation.failure(out) : null;
        if (failure != null) {
            Files.delete(out);
            write(original, type, pages, ocred, wordBoxes, out, false);
        }
        return new Written(failure, signed);
    }

    /** Returns whether the original carries a signature. */
    private boolean write(Path original, FileType type, int pages, Set<Integer> ocred, Path wordBoxes, Path out, boolean claimPdfA)
            throws IOException {
        try (PDDocument pdf = type.isImage() ? new PDDocument(IOUtils.createTempFileOnlyStreamCache())
                : Loader.loadPDF(new RandomAccessReadBufferedFile(original.toFile()), (String) null, null, null,
                        IOUtils.createTempFileOnlyStreamCache())) {
            if (type.isImage()) {
                for (int page = 1; page <= pages; page++) {
                    addImagePage(pdf, original, type, page);
                }
            }
            COSDictionary layerFont = glyphLess.dictionary(pdf);
            Calendar now = Calendar.getInstance();
            for (int page = 1; page <= pages; page++) {
                OcrLayout layout = ocred.contains(page) ? WordBoxFiles.read(wordBoxes, page) : null;
                if (layout != null) {
                    addLayer(pdf, pdf.getPage(page - 1), layerFont, layout);
                }
                if (ocred.contains(page)) {
                    TextLayerMark.mark(pdf.getPage(page - 1), now);
                }
            }
            if (claimPdfA) {
                PdfAConformance.apply(pdf);
            }
            boolean signed = !type.isImage() && !pdf.getSignatureDictionaries().isEmpty();
            pdf.save(out.toFile());
            return signed;
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
     * The page's own content streams stay as they are, wrapped in a save and restore of the
     * graphics state (so the layer starts from a clean one), and the layer follows as a stream of
     * its own.
     */
    private void addLayer(PDDocument pdf, PDPage page, COSDictionary layerFont, OcrLayout layout) throws IOException {
        PDResources resources = page.getResources() != null ? page.getResources() : new PDResources();
        COSDictionary fonts = resources.getCOSObject().getCOSDictionary(COSName.FONT);
        if (fonts == null) {
            fonts = new COSDictionary();
            resources.getCOSObject().setItem(COSName.FONT, fonts);
        }
        fonts.setItem(GlyphLessFont.NAME, layerFont);
        page.setResources(resources);
        AffineTransform frame = frame(page, layout.frame());
        StringBuilder layer = new StringBuilder("Q\nBT\n3 Tr\n");
        for (PageWord word : layout.words()) {
            place(layer, frame, word);
        }
        layer.append("ET\n");
        List<PDStream> streams = new ArrayList<>();
        streams.add(GlyphLessFont.stream(pdf, "q\n".getBytes(StandardCharsets.US_ASCII)));
        page.getContentStreams().forEachRemaining(streams::add);
        streams.add(GlyphLessFont.stream(pdf, layer.toString().getBytes(StandardCharsets.US_ASCII)));
        page.setContents(streams);
    }

    /**
     * One word: its baseline along the box's foot in its reading direction (the image's across,
     * unless it was read turned), its size the box's height, stretched to the box's length.
     */
    private void place(StringBuilder layer, AffineTransform frame, PageWord word) {
        int turn = word.turn();
        String codes = GlyphLessFont.codes(word.text().strip());
        if (codes.isEmpty()) {
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
        double size = rise.distance(0, 0);
        if (lengthPt <= 0 || size <= 0) {
            return;
        }
        // The font's glyphs stand on the baseline and are as tall as the size (ascent 1000, descent 0).
        double natural = codes.length() / 4.0 * glyphLess.width() / 1000.0 * size;
        double stretch = lengthPt / natural;
        // Stretched by horizontal scaling (Tz), as Tesseract's own renderer does, the text matrix
        // left a pure turn.
        layer.append(String.format(Locale.ROOT, "/%s %.2f Tf\n%.3f Tz\n%.5f %.5f %.5f %.5f %.2f %.2f Tm\n<%s> Tj\n",
                GlyphLessFont.NAME.getName(), size, 100 * stretch, along.getX() / lengthPt, along.getY() / lengthPt,
                rise.getX() / size, rise.getY() / size, origin.getX(), origin.getY(), codes));
    }

}
