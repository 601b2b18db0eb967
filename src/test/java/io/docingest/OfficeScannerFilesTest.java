package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.DamagedFiles;
import io.docingest.support.Fixtures;
import io.docingest.support.Fixtures.PageSpec;
import io.docingest.support.RunningDaemon;
import io.docingest.support.ScannerFormats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every format an office scanner or a share holds, read right through the real pipeline: each
 * file is made at test time from known text, and the words must come back out of the index.
 */
class OfficeScannerFilesTest {

    private static final List<String> INVOICE = List.of("御見積書", "Invoice for office supplies");
    private static final List<String> ORDER = List.of("注文書", "Purchase order for printer paper");

    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = new RunningDaemon("scanners", new Properties());
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void aJbig2HighCompressionScanIsRead() throws Exception {
        assertRead("files/scanners/jbig2.pdf", ScannerFormats.jbig2Pdf(List.of(INVOICE, ORDER)), 2);
    }

    @Test
    void aDamagedJbig2StreamFailsItsPageWithTheReasonAndTheNextPageIsRead() throws Exception {
        String key = "files/scanners/jbig2-damaged.pdf";
        daemon.putObject(key, ScannerFormats.damagedJbig2Pdf(List.of(INVOICE, ORDER)));
        daemon.deliver(daemon.transformedEvent(key));
        assertThat(daemon.drainDeadLetters()).isEmpty();
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        JsonNode first = file.path("pages").get(0);
        assertThat(first.path("source").asText()).isEqualTo("failed");
        assertThat(first.path("error").asText()).containsIgnoringCase("jbig2");
        assertThat(file.path("pages").get(1).path("source").asText()).isEqualTo("ocr");
        assertThat(file.path("content").asText()).contains("Purchase", "printer");
    }

    @Test
    void aJpeg2000ScanInAPdfIsRead() throws Exception {
        assertRead("files/scanners/jpx.pdf", ScannerFormats.jpxPdf(List.of(INVOICE)), 1);
    }

    @Test
    void aJpeg2000ImageFileIsRead() throws Exception {
        JsonNode file = assertRead("files/scanners/scan.jp2", ScannerFormats.jp2File(INVOICE), 1);
        assertThat(file.path("file_type").asText()).isEqualTo("jpeg2000");
    }

    @Test
    void aMultiPageGroup4TiffIsReadPageByPage() throws Exception {
        assertRead("files/scanners/fax.tif", ScannerFormats.g4Tiff(List.of(INVOICE, ORDER)), 2);
    }

    @Test
    void cmykAndYcckJpegsFromAdobeToolsAreRead() throws Exception {
        assertRead("files/scanners/cmyk.jpg", ScannerFormats.cmykJpeg(INVOICE, true), 1);
        assertRead("files/scanners/ycck.jpg", ScannerFormats.ycckJpeg(INVOICE), 1);
    }

    @Test
    void sixteenBitGreyPngAndTiffReadAsWellAsTheirEightBitOriginal() throws Exception {
        assertRead("files/scanners/grey8.png", ScannerFormats.gray8Png(INVOICE), 1);
        assertRead("files/scanners/grey16.png", ScannerFormats.gray16Png(INVOICE), 1);
        assertRead("files/scanners/grey16.tif", ScannerFormats.gray16Tiff(INVOICE), 1);
    }

    @Test
    void bmpAndGifAreRead() throws Exception {
        assertThat(assertRead("files/scanners/scan.bmp", ScannerFormats.bmp(INVOICE), 1).path("file_type").asText()).isEqualTo("bmp");
        assertThat(assertRead("files/scanners/scan.gif", ScannerFormats.gif(INVOICE), 1).path("file_type").asText()).isEqualTo("gif");
    }

    @Test
    void aSidewaysScanIsRead() throws Exception {
        assertRead("files/scanners/sideways.pdf", ScannerFormats.sidewaysScanPdf(List.of(INVOICE)), 1);
    }

    @Test
    void twentyBlankPagesBeforeATextPageAreRecordedBlankWithoutOcr() throws Exception {
        String key = "files/scanners/blank-pages.pdf";
        double ocrBefore = daemon.metric("ingest_pages_total", "kind=\"ocr\"");
        daemon.putObject(key, DamagedFiles.blankPagesThenText(20, List.of("白紙の後の本文", "Text after twenty blank pages")));
        daemon.deliver(daemon.transformedEvent(key));
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("content").asText()).contains("Text after twenty blank pages");
        assertThat(file.path("pages_blank").asInt()).isEqualTo(20);
        assertThat(file.path("pages_ocr").asInt()).isZero();
        assertThat(daemon.metric("ingest_pages_total", "kind=\"ocr\"")).as("OCR calls").isEqualTo(ocrBefore);
    }

    @Test
    void aBornDigitalTitlePageIsReadFromItsLayerWhileAScanWithAShortStampIsOcrd() throws Exception {
        String key = "files/scanners/title-then-stamped-scan.pdf";
        double ocrBefore = daemon.metric("ingest_pages_total", "kind=\"ocr\"");
        // Both pages' layers hold fewer letters than ingest.pages.text-layer-min-chars (20).
        daemon.putObject(key, Fixtures.pdf(List.of(PageSpec.text("Contents"), PageSpec.stampedScan("2026-12-03", INVOICE.toArray(String[]::new)))));
        daemon.deliver(daemon.transformedEvent(key));
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("pages").get(0).path("source").asText()).isEqualTo("text-layer");
        assertThat(file.path("pages").get(1).path("source").asText()).isEqualTo("ocr");
        assertThat(file.path("content").asText()).contains("Contents", "Invoice", "office", "見積書");
        assertThat(daemon.metric("ingest_pages_total", "kind=\"ocr\"")).as("OCR calls").isEqualTo(ocrBefore + 1);
    }

    /** Indexed, every page OCR'd, and each page's words found. */
    private static JsonNode assertRead(String key, byte[] content, int pages) throws Exception {
        daemon.putObject(key, content);
        daemon.deliver(daemon.transformedEvent(key));
        assertThat(daemon.drainDeadLetters()).as(key + " parked").isEmpty();
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("page_count").asInt()).as(key).isEqualTo(pages);
        assertThat(file.path("pages_ocr").asInt()).as(key + " pages OCR'd").isEqualTo(pages);
        String text = file.path("content").asText();
        assertThat(text).as(key).contains("Invoice", "office", "supplies", "見積書");
        if (pages > 1) {
            assertThat(text).as(key).contains("Purchase", "printer", "paper", "注文書");
        }
        return file;
    }
}
