package io.docingest.support;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Real documents made at test time from a real Japanese font (IPA Gothic, Debian's
 * fonts-ipafont-gothic), so the repository carries no binaries: born-digital PDFs with a text
 * layer, scans (pages rasterised at 300 dpi, no text layer), mixed PDFs, and JPEG, PNG and
 * multi-page TIFF images.
 */
public final class Fixtures {

    public static final File IPA_GOTHIC = new File("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf");
    private static final int DPI = 300;
    /** A5 at 300 dpi: big enough to be a real page, small enough to OCR quickly. */
    private static final int WIDTH = 1748;
    private static final int HEIGHT = 2480;

    private Fixtures() {
    }

    /**
     * {@code pdf} signed, as an incremental update with a signature field and its value. Not a
     * valid signature (there is no key here): what a reader sees is that the file is signed.
     */
    public static byte[] signed(byte[] pdf) throws IOException {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setName("Fixture signer");
            signature.setSignDate(java.util.Calendar.getInstance());
            doc.addSignature(signature, content -> new byte[64]);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /** One page per entry; each page is its lines of text. */
    public static byte[] bornDigitalPdf(List<List<String>> pages) throws IOException {
        return pdf(pages.stream().map(lines -> new PageSpec(lines, false, null)).toList());
    }

    public static byte[] scannedPdf(List<List<String>> pages) throws IOException {
        return pdf(pages.stream().map(lines -> new PageSpec(lines, true, null)).toList());
    }

    /** Pages given as (lines, scanned?) in order. */
    public static byte[] pdf(List<PageSpec> pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType0Font font = PDType0Font.load(doc, IPA_GOTHIC);
            for (PageSpec spec : pages) {
                PDRectangle size = new PDRectangle(WIDTH * 72f / DPI, HEIGHT * 72f / DPI);
                PDPage page = new PDPage(size);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    if (spec.scanned()) {
                        PDImageXObject image = LosslessFactory.createFromImage(doc, render(spec.lines()));
                        content.drawImage(image, 0, 0, size.getWidth(), size.getHeight());
                        if (spec.stamp() != null) {
                            content.beginText();
                            content.setFont(font, 9);
                            content.newLineAtOffset(size.getWidth() - 120, 20);
                            content.showText(spec.stamp());
                            content.endText();
                        }
                    } else {
                        content.beginText();
                        content.setFont(font, 15);
                        content.setLeading(26);
                        content.newLineAtOffset(50, size.getHeight() - 80);
                        for (String line : spec.lines()) {
                            content.showText(line);
                            content.newLine();
                        }
                        content.endText();
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A page: its lines, and whether they are scanned; a scan may carry a stamp in its text layer (a scanner's date line). */
    public record PageSpec(List<String> lines, boolean scanned, String stamp) {
        public static PageSpec text(String... lines) {
            return new PageSpec(Arrays.asList(lines), false, null);
        }

        public static PageSpec scan(String... lines) {
            return new PageSpec(Arrays.asList(lines), true, null);
        }

        public static PageSpec stampedScan(String stamp, String... lines) {
            return new PageSpec(Arrays.asList(lines), true, stamp);
        }
    }

    /** A page as a scanner would deliver it: grey pixels at 300 dpi. */
    public static BufferedImage render(List<String> lines) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(Font.createFont(Font.TRUETYPE_FONT, IPA_GOTHIC).deriveFont(64f));
            int y = 220;
            for (String line : lines) {
                g.drawString(line, 150, y);
                y += 110;
            }
        } catch (java.awt.FontFormatException | IOException e) {
            throw new IllegalStateException("IPA Gothic is required (apt-get install fonts-ipafont-gothic)", e);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static byte[] image(String format, List<String> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BufferedImage page = render(lines);
        if (format.equals("jpeg")) {
            // JPEG scans usually arrive in colour
            BufferedImage rgb = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(page, 0, 0, null);
            page = rgb;
        }
        if (!ImageIO.write(page, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    /**
     * A stand-in for a DocuWorks file: its signature, then binary, as the real format is (no
     * open-source writer exists to make a real one). Text would be read as text, whatever its name.
     */
    public static byte[] docuWorks() {
        byte[] file = new byte[512];
        System.arraycopy("XDWF".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, file, 0, 4);
        for (int i = 4; i < file.length; i++) {
            file[i] = (byte) (i % 7 == 0 ? 0 : i * 31);
        }
        return file;
    }

    /** A PDF that opens only with a user password. */
    public static byte[] encryptedPdf() throws IOException {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(bornDigitalPdf(List.of(List.of("secret minutes"))))) {
            doc.protect(new org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy(
                    "owner-pass", "user-pass", new org.apache.pdfbox.pdmodel.encryption.AccessPermission()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A well-formed PDF whose page tree is empty. */
    public static byte[] zeroPagePdf() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * A PNG whose header declares {@code width} x {@code height} pixels over a tiny compressed body:
     * the shape of a decompression bomb. Built by hand because no encoder writes a lying header.
     */
    public static byte[] pngDeclaring(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat)) {
            z.write(new byte[1024]);
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    public static byte[] multiPageTiff(List<List<String>> pages) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (List<String> lines : pages) {
                writer.writeToSequence(new IIOImage(render(lines), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
