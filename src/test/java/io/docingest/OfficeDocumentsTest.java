package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.sl.usermodel.SlideShow;
import org.apache.poi.sl.usermodel.TextBox;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.util.Units;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an office share holds, each file written at test time (Word, Excel and PowerPoint by
 * Apache POI; the legacy Word file converted from the new one by LibreOffice, as a real Word 97
 * file; RTF, e-mail and text by hand in the encodings Japanese offices use): read by Tika in an
 * extractor process, chunked, embedded and indexed, and found by a kuromoji match on a word only
 * that file holds.
 */
class OfficeDocumentsTest {

    @TempDir
    static Path work;
    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.processor-types.office-ocr.ocr-embedded-images", "true");
        daemon = new RunningDaemon("office", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void wordExcelPowerPointRtfMailAndJapaneseTextAreFoundByTheirWords() throws Exception {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        byte[] docx = docx("稟議書", "新しい複合機の導入について承認をお願いします。", null);
        files.put("files/office/稟議書.docx", docx);
        files.put("files/office/稟議書-旧形式.doc", legacyWord(docx, "legacy"));
        files.put("files/office/在庫.xlsx", workbook(new XSSFWorkbook(), "在庫管理表", "トナーカートリッジ"));
        files.put("files/office/旅費.xls", workbook(new HSSFWorkbook(), "出張旅費精算書", "新幹線の乗車券"));
        files.put("files/office/戦略.pptx", slides(new XMLSlideShow(), "営業戦略", "九州地区の代理店開拓"));
        files.put("files/office/計画.ppt", slides(new HSLFSlideShow(), "年度計画", "物流倉庫の移転計画"));
        files.put("files/office/議事録.rtf", rtf("定例会議の議事録。次回は図書館の改修を議論する。"));
        files.put("files/office/案内.eml", eml("健康診断のお知らせ", "来月の健康診断は本社の講堂で実施します。"));
        files.put("files/office/連絡-sjis.txt", "社内連絡：駐車場の舗装工事を行います。".getBytes(Charset.forName("Shift_JIS")));
        files.put("files/office/連絡-eucjp.txt", "社内連絡：給湯室の冷蔵庫を交換します。".getBytes(Charset.forName("EUC-JP")));
        files.put("files/office/品目.csv", "品名,数量\n封筒,200\n朱肉,3\n".getBytes(StandardCharsets.UTF_8));
        files.put("files/office/手順.html", "<html><head><meta charset=\"utf-8\"></head><body><h1>手順</h1><p>防災訓練の集合場所</p></body></html>"
                .getBytes(StandardCharsets.UTF_8));

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            daemon.putObject(file.getKey(), file.getValue());
            daemon.deliver(daemon.transformedEvent(file.getKey()));
        }

        Map<String, String> words = new java.util.LinkedHashMap<>();
        words.put("files/office/稟議書.docx", "複合機");
        words.put("files/office/稟議書-旧形式.doc", "複合機");
        words.put("files/office/在庫.xlsx", "トナーカートリッジ");
        words.put("files/office/旅費.xls", "新幹線");
        words.put("files/office/戦略.pptx", "代理店");
        words.put("files/office/計画.ppt", "倉庫");
        words.put("files/office/議事録.rtf", "図書館");
        words.put("files/office/案内.eml", "健康診断");
        words.put("files/office/連絡-sjis.txt", "舗装");
        words.put("files/office/連絡-eucjp.txt", "冷蔵庫");
        words.put("files/office/品目.csv", "封筒");
        words.put("files/office/手順.html", "防災訓練");
        for (Map.Entry<String, String> expected : words.entrySet()) {
            String id = FileIds.fileId(expected.getKey());
            assertThat(matching("files", expected.getValue())).as(expected.getKey() + " by '" + expected.getValue() + "'").contains(id);
            assertThat(matching("chunks", expected.getValue())).as(expected.getKey() + "'s chunks").contains(id);
        }
        assertThat(fileType("files/office/稟議書.docx")).isEqualTo("docx");
        assertThat(fileType("files/office/稟議書-旧形式.doc")).isEqualTo("doc");
        assertThat(fileType("files/office/旅費.xls")).isEqualTo("xls");
        assertThat(fileType("files/office/計画.ppt")).isEqualTo("ppt");
        assertThat(fileType("files/office/案内.eml")).isEqualTo("eml");
        assertThat(fileType("files/office/連絡-eucjp.txt")).isEqualTo("txt");
        JsonNode pages = daemon.get("files", FileIds.fileId("files/office/戦略.pptx")).path("_source").path("pages");
        assertThat(pages.get(0).path("source").asText()).isEqualTo("document");
        // The mail's subject, ISO-2022-JP encoded in its header, is decoded too.
        assertThat(daemon.get("files", FileIds.fileId("files/office/案内.eml")).path("_source").path("content").asText())
                .contains("健康診断のお知らせ");
    }

    @Test
    void imagesInsideAWordFileAreReadWhenTheProcessorTypeAsks() throws Exception {
        byte[] png = Fixtures.image("png", List.of("Warehouse inventory count", "Forklift maintenance schedule"));
        byte[] docx = docx("点検報告", "写真のとおり。", png);
        daemon.putObject("files/office/点検.docx", docx);
        daemon.deliver(daemon.transformedEvent("files/office/点検.docx"));
        daemon.servers.s3.putObject(p -> p.bucket(io.docingest.support.LocalServers.LANDING).key("files/office/点検-ocr.docx")
                .metadata(Map.of("processor-type", "office-ocr")), software.amazon.awssdk.core.sync.RequestBody.fromBytes(docx));
        daemon.deliver(daemon.transformedEvent("files/office/点検-ocr.docx"));

        String plain = daemon.get("files", FileIds.fileId("files/office/点検.docx")).path("_source").path("content").asText();
        String read = daemon.get("files", FileIds.fileId("files/office/点検-ocr.docx")).path("_source").path("content").asText();
        assertThat(plain).contains("点検報告").doesNotContain("Forklift");
        assertThat(read).contains("点検報告").contains("Forklift maintenance");
    }

    private static List<String> matching(String index, String word) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        daemon.search(index, "{\"size\":50,\"query\":{\"match\":{\"content\":\"" + word + "\"}}}").path("hits").path("hits")
                .forEach(hit -> ids.add(hit.path("_source").path("file_id").asText()));
        return ids;
    }

    private static String fileType(String key) throws Exception {
        return daemon.get("files", FileIds.fileId(key)).path("_source").path("file_type").asText();
    }

    private static byte[] docx(String title, String body, byte[] png) throws IOException {
        try (XWPFDocument word = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            word.createParagraph().createRun().setText(title);
            XWPFRun run = word.createParagraph().createRun();
            run.setText(body);
            if (png != null) {
                try {
                    run.addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, "photo.png",
                            Units.toEMU(300), Units.toEMU(420));
                } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
                    throw new IOException(e);
                }
            }
            word.write(out);
            return out.toByteArray();
        }
    }

    /** A Word 97 file, as LibreOffice writes one from the new format (POI cannot write one from nothing). */
    private static byte[] legacyWord(byte[] docx, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve("lo-" + name));
        Path source = Files.write(dir.resolve(name + ".docx"), docx);
        Process convert = new ProcessBuilder("soffice", "--headless", "--norestore", "--convert-to", "doc",
                "--outdir", dir.toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("soffice.log").toFile()).start();
        assertThat(convert.waitFor(3, TimeUnit.MINUTES)).as("LibreOffice (soffice, .ci/run installs it) converted the file").isTrue();
        assertThat(convert.exitValue()).as(Files.readString(dir.resolve("soffice.log"))).isZero();
        return Files.readAllBytes(dir.resolve(name + ".doc"));
    }

    private static byte[] workbook(Workbook workbook, String title, String item) throws IOException {
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = workbook.createSheet("一覧");
            sheet.createRow(0).createCell(0).setCellValue(title);
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue(item);
            row.createCell(1).setCellValue(12);
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** One slide with a text box, in either generation: both implement POI's common slide show model. */
    private static byte[] slides(SlideShow<?, ?> show, String title, String body) throws IOException {
        try (show; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            TextBox<?, ?> box = show.createSlide().createTextBox();
            box.setAnchor(new java.awt.Rectangle(50, 50, 600, 200));
            box.setText(title + "\n" + body);
            show.write(out);
            return out.toByteArray();
        }
    }

    /** RTF as word processors write Japanese: each character as a \\u escape with an ASCII fallback. */
    private static byte[] rtf(String text) {
        StringBuilder rtf = new StringBuilder("{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 MS Gothic;}}\\f0 ");
        text.chars().forEach(c -> rtf.append(c < 128 ? String.valueOf((char) c) : "\\u" + (short) c + "?"));
        return rtf.append("\\par}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A Japanese e-mail as mail clients long sent them: ISO-2022-JP body, subject as RFC 2047 encoded words. */
    private static byte[] eml(String subject, String body) {
        Charset jis = Charset.forName("ISO-2022-JP");
        String header = "From: soumu@example.jp\r\nTo: all@example.jp\r\nSubject: =?ISO-2022-JP?B?"
                + Base64.getEncoder().encodeToString(subject.getBytes(jis)) + "?=\r\nDate: Tue, 1 Dec 2026 09:00:00 +0900\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body.getBytes(jis));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
