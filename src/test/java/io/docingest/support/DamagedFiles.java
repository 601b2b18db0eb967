package io.docingest.support;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** The damaged and hostile files a share holds, made at test time from the ordinary fixtures. */
public final class DamagedFiles {

    private DamagedFiles() {
    }

    /** The first {@code bytes} of a file, as a copy cut off by a dropped connection leaves it. */
    public static byte[] cut(byte[] file, int bytes) {
        return Arrays.copyOf(file, bytes);
    }

    /** Cut in the middle of the first stream's data (a page's image or content). */
    public static byte[] cutMidStream(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        int data = text.indexOf("stream\n") + "stream\n".length();
        int end = text.indexOf("endstream", data);
        return Arrays.copyOf(pdf, data + (end - data) / 2);
    }

    /** The cross-reference offset points nowhere, as after a careless edit or a bad transfer: PDFBox can repair it. */
    public static byte[] brokenXref(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        int at = text.lastIndexOf("startxref") + "startxref".length();
        int end = text.indexOf("%%EOF", at);
        return (text.substring(0, at) + "\n17\n" + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Page 1 holds a 1-bit image of {@code side}×{@code side} pixels (a few hundred kilobytes
     * compressed, gigabytes decoded) beside a small one; page 2 is ordinary text.
     */
    public static byte[] hugeImagePdf(int side, List<String> secondPage) throws IOException {
        return imageThenText(secondPage, (doc, content) -> {
            content.drawImage(greyImage(doc, deflatedZeros((long) side * side / 8), side, side, 1), 0, 0,
                    PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
            content.drawImage(greyImage(doc, deflatedZeros(8 * 8), 8, 8, 8), 10, 10, 20, 20);
        });
    }

    /**
     * Page 1 is one 8-bit grey image of {@code side}×{@code side} pixels, as a scan is (a few
     * hundred kilobytes compressed, {@code side}² bytes decoded); page 2 is ordinary text.
     */
    public static byte[] greyScanPdf(int side, List<String> secondPage) throws IOException {
        return imageThenText(secondPage, (doc, content) -> content.drawImage(
                greyImage(doc, deflatedZeros((long) side * side), side, side, 8), 0, 0,
                PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight()));
    }

    /**
     * Page 1 is a grey scan of pure noise, {@code width}×{@code height} pixels, which Tesseract
     * takes many seconds over (it looks for text everywhere); page 2 is ordinary text.
     */
    public static byte[] noiseScanPdf(int width, int height, List<String> secondPage) throws IOException {
        byte[] noise = new byte[width * height];
        new java.util.Random(7).nextBytes(noise);
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(deflated)) {
            deflate.write(noise);
        }
        return imageThenText(secondPage, (doc, content) -> content.drawImage(
                greyImage(doc, deflated.toByteArray(), width, height, 8), 0, 0,
                PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight()));
    }

    private interface FirstPage {
        void draw(PDDocument doc, PDPageContentStream content) throws IOException;
    }

    /** An A4 page drawn by {@code firstPage}, then a text page of {@code secondPage}'s lines. */
    private static byte[] imageThenText(List<String> secondPage, FirstPage firstPage) throws IOException {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(Fixtures.bornDigitalPdf(List.of(secondPage)))) {
            PDPage first = new PDPage(PDRectangle.A4);
            doc.getPages().insertBefore(first, doc.getPage(0));
            try (PDPageContentStream content = new PDPageContentStream(doc, first)) {
                firstPage.draw(doc, content);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A grey image from Flate-compressed samples, never decoded here. */
    private static PDImageXObject greyImage(PDDocument doc, byte[] deflated, int width, int height, int bits) throws IOException {
        return new PDImageXObject(doc, new ByteArrayInputStream(deflated), COSName.FLATE_DECODE, width, height, bits,
                PDDeviceGray.INSTANCE);
    }

    /** {@code blank} pages with nothing on them (no text, no image, no vector), then one text page. */
    public static byte[] blankPagesThenText(int blank, List<String> lines) throws IOException {
        byte[] text = Fixtures.bornDigitalPdf(List.of(lines));
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(text)) {
            for (int i = 0; i < blank; i++) {
                doc.getPages().insertBefore(new PDPage(PDRectangle.A4), doc.getPage(0));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * A born-digital document whose every page also writes a line in a font of its own that is not
     * embedded and that no system has: PDFBox warns as it maps each one to a fallback, as FontBox
     * warns of each odd font in a real manual.
     */
    public static byte[] chattyBornDigitalPdf(int pages) throws IOException {
        List<List<String>> text = new java.util.ArrayList<>();
        for (int page = 1; page <= pages; page++) {
            text.add(List.of("マニュアル " + page + " ページ", "Manual page " + page));
        }
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(Fixtures.bornDigitalPdf(text))) {
            int n = 0;
            for (PDPage page : doc.getPages()) {
                org.apache.pdfbox.cos.COSDictionary font = new org.apache.pdfbox.cos.COSDictionary();
                font.setItem(COSName.TYPE, COSName.FONT);
                font.setItem(COSName.SUBTYPE, COSName.TYPE1);
                font.setName(COSName.BASE_FONT, "NoSuchFoundry-Chatty" + (++n));
                font.setItem(COSName.ENCODING, COSName.WIN_ANSI_ENCODING);
                page.getResources().getCOSObject().getCOSDictionary(COSName.FONT).setItem(COSName.getPDFName("FC"), font);
                List<org.apache.pdfbox.pdmodel.common.PDStream> streams = new java.util.ArrayList<>();
                page.getContentStreams().forEachRemaining(streams::add);
                streams.add(new org.apache.pdfbox.pdmodel.common.PDStream(doc, new ByteArrayInputStream(
                        "BT /FC 9 Tf 50 40 Td (footnote in an odd font) Tj ET\n".getBytes(StandardCharsets.US_ASCII))));
                page.setContents(streams);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] deflatedZeros(long bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            for (long left = bytes; left > 0; left -= zeros.length) {
                deflate.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        return out.toByteArray();
    }
}
