package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.FileType;
import io.docingest.document.OcrLayout;
import io.docingest.document.PageWord;
import io.docingest.support.VeraPdf;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code ingest.output.pdf-a}, a searchable copy of a scan, a colour scan or an image file
 * is PDF/A-2b as veraPDF judges it, its layer's words still there; a copy the original keeps from
 * conforming (a page drawn with a font that is not embedded) is stored as a plain PDF, making no
 * claim, with the rule it broke.
 */
class PdfATest {

    private static final Path FONT = Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf");
    private static final Limits LIMITS = new Limits(1L << 30, 2000, 150_000_000L, 60_000, 3_600_000L);
    private static final int DPI = 100;

    @TempDir
    static Path dir;
    private static SearchablePdfWriter pdfA;

    @BeforeAll
    static void writer() throws Exception {
        pdfA = new SearchablePdfWriter(FONT, DPI, LIMITS, true);
    }

    @Test
    void aGrayAndAColourScanBecomePdfA() throws Exception {
        Path scan = dir.resolve("scan.pdf");
        try (PDDocument pdf = new PDDocument()) {
            pdf.getDocumentInformation().setTitle("見積書 2026");
            pdf.getDocumentInformation().setAuthor("Scanner MX-3640");
            addScan(pdf, LosslessFactory.createFromImage(pdf, page("請求書 Invoice", BufferedImage.TYPE_BYTE_GRAY)));
            addScan(pdf, JPEGFactory.createFromImage(pdf, page("見積書 Estimate", BufferedImage.TYPE_INT_RGB)));
            pdf.save(scan.toFile());
        }
        Path out = dir.resolve("scan.searchable.pdf");

        Path words = wordBoxes("scan", ocred("請求書", "Invoice"), ocred("見積書", "Estimate"));
        String notPdfA = pdfA.write(scan, FileType.PDF, 2, Set.of(1, 2), words, out).notPdfA();

        assertThat(notPdfA).isNull();
        assertThat(VeraPdf.isPdfA2b(out)).isTrue();
        assertThat(pageText(out, 1)).contains("請求書").contains("Invoice");
        assertThat(pageText(out, 2)).contains("見積書").contains("Estimate");
        try (PDDocument copy = Loader.loadPDF(out.toFile())) {
            assertThat(copy.getDocumentInformation().getTitle()).isEqualTo("見積書 2026");
            // The OCR'd pages' mark (PieceInfo) is within PDF/A-2b: veraPDF passed the copy above.
            assertThat(TextLayerMark.isMarked(copy.getPage(0))).isTrue();
            assertThat(TextLayerMark.isMarked(copy.getPage(1))).isTrue();
        }
    }

    @Test
    void aBilevelTiffBecomesPdfA() throws Exception {
        BufferedImage image = page("納品書 Delivery", BufferedImage.TYPE_BYTE_BINARY);
        Path tiff = dir.resolve("fax.tif");
        assertThat(ImageIO.write(image, "TIFF", tiff.toFile())).isTrue();
        Path out = dir.resolve("fax.searchable.pdf");

        String notPdfA = pdfA.write(tiff, FileType.TIFF, 1, Set.of(1), wordBoxes("fax", ocred("納品書", "Delivery")), out).notPdfA();

        assertThat(notPdfA).isNull();
        assertThat(VeraPdf.isPdfA2b(out)).isTrue();
        assertThat(pageText(out, 1)).contains("納品書").contains("Delivery");
    }

    @Test
    void aPageWhoseFontIsNotEmbeddedLeavesAPlainPdfAndSaysWhy() throws Exception {
        Path mixed = dir.resolve("mixed.pdf");
        try (PDDocument pdf = new PDDocument()) {
            addScan(pdf, LosslessFactory.createFromImage(pdf, page("請求書 Invoice", BufferedImage.TYPE_BYTE_GRAY)));
            PDPage typed = new PDPage(PDRectangle.A4);
            pdf.addPage(typed);
            try (PDPageContentStream content = new PDPageContentStream(pdf, typed)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);  // a standard font, not embedded
                content.newLineAtOffset(72, 700);
                content.showText("Terms and conditions");
                content.endText();
            }
            pdf.save(mixed.toFile());
        }
        Path out = dir.resolve("mixed.searchable.pdf");

        String notPdfA = pdfA.write(mixed, FileType.PDF, 2, Set.of(1), wordBoxes("mixed", ocred("請求書", "Invoice")), out).notPdfA();

        assertThat(notPdfA).startsWith("not PDF/A-2b (veraPDF): rule 6.2.11.4.1-1");
        assertThat(VeraPdf.isPdfA2b(out)).isFalse();
        try (PDDocument copy = Loader.loadPDF(out.toFile())) {
            assertThat(copy.getDocumentCatalog().getMetadata()).as("no PDF/A claim").isNull();
        }
        assertThat(pageText(out, 1)).contains("請求書").contains("Invoice");
    }

    /** A page image at {@link #DPI} with two words drawn where {@link #ocred} says they are. */
    private static BufferedImage page(String words, int type) {
        BufferedImage image = new BufferedImage(827, 1169, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(type == BufferedImage.TYPE_INT_RGB ? new Color(20, 40, 140) : Color.BLACK);
        g.setFont(new Font("IPAGothic", Font.PLAIN, 40));
        g.drawString(words, 83, 150);
        g.dispose();
        return image;
    }

    /** Two words where {@link #page} draws them, as OCR would have read them. */
    private static OcrLayout ocred(String first, String second) {
        return new OcrLayout(OcrLayout.PAGE_IMAGE,
                List.of(new PageWord(first, 0.1, 0.095, 0.15, 0.04, 0), new PageWord(second, 0.27, 0.095, 0.2, 0.04, 0)));
    }

    /** A word-box folder holding the first pages' layouts, as OCR leaves it. */
    private static Path wordBoxes(String name, OcrLayout... pages) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name + ".words"));
        for (int page = 1; page <= pages.length; page++) {
            WordBoxFiles.write(folder, page, pages[page - 1]);
        }
        return folder;
    }

    private static void addScan(PDDocument pdf, org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject image) throws Exception {
        PDPage page = new PDPage(new PDRectangle(image.getWidth() * 72f / DPI, image.getHeight() * 72f / DPI));
        pdf.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
            content.drawImage(image, 0, 0, page.getMediaBox().getWidth(), page.getMediaBox().getHeight());
        }
    }

    private static String pageText(Path pdf, int page) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            return stripper.getText(doc);
        }
    }
}
