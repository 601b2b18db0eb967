package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * QR codes and barcodes, drawn at test time with ZXing's writers: on a scanned page (QR codes,
 * one turned a quarter and one 2 cm wide, and two Code 128 barcodes, one sideways) and on a born-digital
 * invoice's second page, whose text layer means it is never OCR'd (its type asks for codes on
 * every page). Every code is indexed with its page and reported by /status.
 */
class CodesTest {

    private static final int DPI = 300;
    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.processor-types.default.detect-codes", "all");
        daemon = new RunningDaemon("codes", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void everyCodeOnAScannedPageIsIndexedWithItsPage() throws Exception {
        BufferedImage page = Fixtures.render(List.of("納品書 Delivery note", "QR codes and a barcode below"));
        draw(page, qr("https://example.jp/delivery/2026-0042", 500), 150, 700, false);
        draw(page, qr("契約番号 K-7781", 420), 1000, 700, true);
        draw(page, qr("ASSET-00917", 236), 150, 1400);  // 2 cm at 300 dpi
        draw(page, new Code128Writer().encode("PO-2026-118", BarcodeFormat.CODE_128, 760, 160), 700, 1500);
        // A label stuck on sideways: the barcode turned a quarter.
        draw(page, new Code128Writer().encode("LOT-5521", BarcodeFormat.CODE_128, 640, 140), 1520, 1250, true);
        String key = "files/codes/delivery.pdf";
        daemon.putObject(key, pdf(List.of(page), List.of()));
        daemon.deliver(daemon.transformedEvent(key));

        String id = FileIds.fileId(key);
        JsonNode codes = daemon.get("files", id).path("_source").path("codes");
        assertThat(found(codes)).containsExactlyInAnyOrder(
                "1 QR_CODE https://example.jp/delivery/2026-0042",
                "1 QR_CODE 契約番号 K-7781",
                "1 QR_CODE ASSET-00917",
                "1 CODE_128 PO-2026-118",
                "1 CODE_128 LOT-5521");
        // The small code's box lies inside the 2 cm square it was drawn in (ZXing gives the finder
        // patterns' centres, a few modules in from the edge).
        JsonNode box = find(codes, "ASSET-00917").path("box");
        assertThat(box.get(0).asDouble()).isBetween(150.0 / 1748, (150.0 + 236) / 1748);
        assertThat(box.get(1).asDouble()).isBetween(1400.0 / 2480, (1400.0 + 236) / 2480);
        assertThat(box.get(2).asDouble()).isBetween(0.05, 236.0 / 1748);
        // Searchable by the text a code holds.
        JsonNode hits = daemon.search("files", "{\"query\":{\"term\":{\"codes.text.keyword\":\"PO-2026-118\"}}}").path("hits").path("hits");
        assertThat(hits).hasSize(1);
        assertThat(found(daemon.status(id).path("codes"))).hasSize(5).contains("1 CODE_128 PO-2026-118");
    }

    @Test
    void aQrCodeImageOnABornDigitalPageIsReadWhenTheTypeAsks() throws Exception {
        String key = "files/codes/invoice.pdf";
        daemon.putObject(key, pdf(List.of(), List.of(List.of("請求書 Invoice 2026-118", "Total 48,000 JPY"),
                List.of("Pay with the code below", "お支払いは下のコードで"))));
        daemon.deliver(daemon.transformedEvent(key));

        String id = FileIds.fileId(key);
        JsonNode file = daemon.get("files", id).path("_source");
        assertThat(file.path("pages_ocr").asInt()).as("text-layer pages, never OCR'd").isZero();
        assertThat(found(file.path("codes"))).containsExactly("2 QR_CODE https://pay.example.jp/i/2026-118");
        assertThat(found(daemon.status(id).path("codes"))).containsExactly("2 QR_CODE https://pay.example.jp/i/2026-118");
    }

    private static List<String> found(JsonNode codes) {
        List<String> out = new ArrayList<>();
        codes.forEach(code -> out.add(code.path("page").asInt() + " " + code.path("format").asText() + " " + code.path("text").asText()));
        return out;
    }

    private static JsonNode find(JsonNode codes, String text) {
        for (JsonNode code : codes) {
            if (code.path("text").asText().equals(text)) {
                return code;
            }
        }
        throw new AssertionError("no code " + text + " in " + codes);
    }

    private static BitMatrix qr(String text, int size) throws Exception {
        return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
    }

    private static void draw(BufferedImage page, BitMatrix code, int left, int top) {
        draw(page, code, left, top, false);
    }

    /** The code's black modules onto the page; turned a quarter clockwise when asked. */
    private static void draw(BufferedImage page, BitMatrix code, int left, int top, boolean turned) {
        for (int y = 0; y < code.getHeight(); y++) {
            for (int x = 0; x < code.getWidth(); x++) {
                if (code.get(x, y)) {
                    int px = turned ? left + code.getHeight() - 1 - y : left + x;
                    int py = turned ? top + x : top + y;
                    page.setRGB(px, py, 0xFF000000);
                }
            }
        }
    }

    /** Scanned pages (each one image over the page), then born-digital pages of text; the last of those has a QR code image. */
    private static byte[] pdf(List<BufferedImage> scans, List<List<String>> textPages) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDType0Font font = PDType0Font.load(doc, Fixtures.IPA_GOTHIC);
            PDRectangle a5 = new PDRectangle(1748 * 72f / DPI, 2480 * 72f / DPI);
            for (BufferedImage scan : scans) {
                PDPage page = new PDPage(a5);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawImage(LosslessFactory.createFromImage(doc, scan), 0, 0, a5.getWidth(), a5.getHeight());
                }
            }
            for (int i = 0; i < textPages.size(); i++) {
                PDPage page = new PDPage(a5);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(font, 14);
                    content.setLeading(24);
                    content.newLineAtOffset(40, a5.getHeight() - 60);
                    for (String line : textPages.get(i)) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                    if (i == textPages.size() - 1) {
                        BufferedImage code = new BufferedImage(300, 300, BufferedImage.TYPE_BYTE_GRAY);
                        java.awt.Graphics2D g = code.createGraphics();
                        g.setColor(java.awt.Color.WHITE);
                        g.fillRect(0, 0, 300, 300);
                        g.dispose();
                        draw(code, qr("https://pay.example.jp/i/2026-118", 300), 0, 0);
                        // 3 cm on the page
                        content.drawImage(LosslessFactory.createFromImage(doc, code), 40, 200, 85, 85);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
