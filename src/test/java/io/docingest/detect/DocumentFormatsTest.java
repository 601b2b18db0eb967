package io.docingest.detect;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which files go to Tika, told from their bytes and name by tika-core alone (no parser runs in the daemon). */
class DocumentFormatsTest {

    @TempDir
    Path dir;

    @Test
    void aContainersNameSaysWhichOfficeFormatItHolds() throws Exception {
        Path docx = dir.resolve("見積.docx");
        try (XWPFDocument word = new XWPFDocument(); OutputStream out = Files.newOutputStream(docx)) {
            word.createParagraph().createRun().setText("見積書");
            word.write(out);
        }
        Path xls = dir.resolve("台帳.xls");
        try (HSSFWorkbook excel = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(xls)) {
            excel.createSheet("一覧").createRow(0).createCell(0).setCellValue("台帳");
            excel.write(out);
        }
        assertThat(format(docx)).contains("docx");
        assertThat(format(xls)).contains("xls");
    }

    @Test
    void textIsTextInAnyJapaneseEncodingAndByItsName() throws Exception {
        String memo = "社内連絡メモ。来週の会議は第二会議室で行います。\n";
        assertThat(format(write("memo-sjis.txt", memo, Charset.forName("Shift_JIS")))).contains("txt");
        assertThat(format(write("memo-eucjp", memo, Charset.forName("EUC-JP")))).as("no extension: by its bytes").contains("txt");
        assertThat(format(write("一覧.csv", "品名,数量\n用紙,10\n", StandardCharsets.UTF_8))).contains("csv");
        assertThat(format(write("手順書.md", "# 手順\n\n1. 起動する\n", StandardCharsets.UTF_8))).contains("md");
        assertThat(format(write("page.html", "<html><body><p>案内</p></body></html>", StandardCharsets.UTF_8))).contains("html");
        assertThat(format(write("mail.eml", "From: a@example.jp\nTo: b@example.jp\nSubject: test\n\nbody\n", StandardCharsets.US_ASCII)))
                .contains("eml");
    }

    @Test
    void aBinaryWithoutAReaderIsNamedByItsType() throws Exception {
        Path zip = dir.resolve("archive.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a.bin"));
            out.write(new byte[]{1, 2, 3});
        }
        DocumentFormats.Detected detected = DocumentFormats.detect(zip, "archive.zip");
        assertThat(detected.format()).isEmpty();
        assertThat(detected.type().toString()).isEqualTo("application/zip");
        Path junk = Files.write(dir.resolve("data.bin"), new byte[]{0, 1, 2, 3, (byte) 0xFE, 0, 0, 7, 0, 0});
        assertThat(format(junk)).isEmpty();
    }

    private Path write(String name, String text, Charset charset) throws Exception {
        return Files.write(dir.resolve(name), text.getBytes(charset));
    }

    private static Optional<String> format(Path file) throws Exception {
        return DocumentFormats.detect(file, file.getFileName().toString()).format();
    }
}
