package io.docingest.support;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Page images in the encodings real scanners, multifunction printers and scan software write, made at
 * test time from text lines (drawn by {@link Fixtures#render} in IPA Gothic at 300 dpi), so OCR tests
 * can assert the words come back. Like {@link Fixtures}, nothing binary is checked in.
 */
public final class ScannerFormats {

    private static final int DPI = 300;
    /**
     * The JDK's own writers. jai-imageio also registers TIFF, BMP and GIF writers (TwelveMonkeys a JPEG one),
     * and which comes first from ImageIO is arbitrary (registry order follows identity hash codes).
     */
    private static final String JDK_PLUGINS = "com.sun.imageio.plugins.";

    private ScannerFormats() {
    }

    /** Office MFPs' "high compression" / "compact" PDF (Xerox, Ricoh, Canon...): one 1-bit JBIG2 image a page. */
    public static byte[] jbig2Pdf(List<List<String>> pages) throws IOException {
        return imagePdf(pages, (doc, lines) -> {
            BufferedImage bits = bilevel(lines);
            return new PDImageXObject(doc, new ByteArrayInputStream(jbig2(bits)), COSName.JBIG2_DECODE,
                    bits.getWidth(), bits.getHeight(), 1, PDDeviceGray.INSTANCE);
        });
    }

    /**
     * A JBIG2 scan whose first page's stream was cut off halfway through its coded data (a
     * transfer that stopped, a bad sector): its segment still declares the full length.
     */
    public static byte[] damagedJbig2Pdf(List<List<String>> pages) throws IOException {
        int[] page = {0};
        return imagePdf(pages, (doc, lines) -> {
            BufferedImage bits = bilevel(lines);
            byte[] data = jbig2(bits);
            if (page[0]++ == 0) {
                data = Arrays.copyOf(data, data.length / 2);
            }
            return new PDImageXObject(doc, new ByteArrayInputStream(data), COSName.JBIG2_DECODE,
                    bits.getWidth(), bits.getHeight(), 1, PDDeviceGray.INSTANCE);
        });
    }

    /** Scan-to-PDF with JPEG 2000 compression (Kodak/Alaris, ABBYY, Acrobat "JPEG2000" scans): 8-bit grey. */
    public static byte[] jpxPdf(List<List<String>> pages) throws IOException {
        return imagePdf(pages, (doc, lines) -> {
            BufferedImage grey = Fixtures.render(lines);
            return new PDImageXObject(doc, new ByteArrayInputStream(jpeg2000(grey)), COSName.JPX_DECODE,
                    grey.getWidth(), grey.getHeight(), 8, PDDeviceGray.INSTANCE);
        });
    }

    /** A PDF whose sheet went through the feeder sideways: landscape page images, text running bottom to top. */
    public static byte[] sidewaysScanPdf(List<List<String>> pages) throws IOException {
        return imagePdf(pages, (doc, lines) -> LosslessFactory.createFromImage(doc, rotateLeft(Fixtures.render(lines))));
    }

    /** A standalone JPEG 2000 (.jp2) page, as archival scanners and some document cameras save. */
    public static byte[] jp2File(List<String> page) throws IOException {
        return jpeg2000(Fixtures.render(page));
    }

    /** Multi-page 1-bit CCITT Group 4 TIFF: the fax server / document-scanner classic (WhiteIsZero, 300 dpi). */
    public static byte[] g4Tiff(List<List<String>> pages) throws IOException {
        return tiff(pages.stream().map(ScannerFormats::bilevel).toList(), "CCITT T.6", false);
    }

    /**
     * A 4-component JPEG with an Adobe APP14 marker (transform 0, unconverted CMYK), black text on K only,
     * as print-shop scanners and Photoshop save it. {@code adobeInverted}: store the inverted values Adobe
     * software writes (255 = no ink), which is what CMYK decoders assume of an APP14 file; false stores plain
     * ink values (0 = no ink), which TwelveMonkeys inverts like any APP14 CMYK and so decodes as an all-black page.
     */
    public static byte[] cmykJpeg(List<String> page, boolean adobeInverted) throws IOException {
        return adobeJpeg(page, 0, grey -> adobeInverted ? new int[] {255, 255, 255, grey} : new int[] {0, 0, 0, 255 - grey});
    }

    /** Adobe YCCK JPEG (APP14 transform 2), Photoshop's default for CMYK JPEGs: inverted CMY as YCbCr, plus K. */
    public static byte[] ycckJpeg(List<String> page) throws IOException {
        // YCCK codes R,G,B = 255 minus the stored (inverted) C,M,Y: no colour ink is Y=0, Cb=Cr=128; K stays inverted
        return adobeJpeg(page, 2, grey -> new int[] {0, 128, 128, grey});
    }

    /** 16-bit greyscale PNG (archive / "48-bit colour" scanner modes, SANE scanimage --depth 16). */
    public static byte[] gray16Png(List<String> page) throws IOException {
        return encode(gray16(page), "png");
    }

    /** 16-bit greyscale TIFF, LZW, 300 dpi: what flatbed software writes in 16-bit grey mode. */
    public static byte[] gray16Tiff(List<String> page) throws IOException {
        return tiff(List.of(gray16(page)), "LZW", false);
    }

    /** The same page as an ordinary 8-bit grey PNG, for comparison with the 16-bit ones. */
    public static byte[] gray8Png(List<String> page) throws IOException {
        return Fixtures.image("png", page);
    }

    /** 24-bit BMP, as old TWAIN drivers and Windows Fax and Scan save. */
    public static byte[] bmp(List<String> page) throws IOException {
        BufferedImage grey = Fixtures.render(page);
        BufferedImage bgr = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(grey, 0, 0, null);
        return encode(bgr, "bmp");
    }

    /** GIF (256-colour palette), as some web-upload and fax-to-email gateways convert scans to. */
    public static byte[] gif(List<String> page) throws IOException {
        return encode(Fixtures.render(page), "gif");
    }

    /** The page thresholded to 1 bit, 1 = black ink (the JBIG2 and fax convention; index 0 is white). */
    public static BufferedImage bilevel(List<String> lines) {
        Raster grey = Fixtures.render(lines).getRaster();
        int w = grey.getWidth();
        int h = grey.getHeight();
        byte[] bw = {(byte) 255, 0};
        BufferedImage bits = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, bw, bw, bw));
        WritableRaster out = bits.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            grey.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                row[x] = row[x] < 128 ? 1 : 0;
            }
            out.setSamples(0, y, w, 1, 0, row);
        }
        return bits;
    }

    // ---- encoders ----

    /**
     * A JBIG2 stream in the embedded organisation PDF uses (ISO 32000-1 7.4.7): no file header and no
     * end-of-page/end-of-file segments, page association 1. As in the spec's example it holds the page
     * information segment (jbig2-imageio needs it for the page size) and one immediate generic region
     * whose data is MMR, i.e. the T.6 (Group 4) coding of the bitmap (T.88 6.2.6).
     */
    static byte[] jbig2(BufferedImage bits) throws IOException {
        int w = bits.getWidth();
        int h = bits.getHeight();
        int ppm = (int) Math.round(DPI / 0.0254);
        ByteBuffer pageInfo = ByteBuffer.allocate(19).putInt(w).putInt(h).putInt(ppm).putInt(ppm)
                .put((byte) 0x01) // eventually lossless; default pixel 0 (white); combination OR
                .putShort((short) 0); // not striped
        byte[] mmr = g4Strip(bits);
        ByteBuffer region = ByteBuffer.allocate(18 + mmr.length)
                .putInt(w).putInt(h).putInt(0).putInt(0).put((byte) 0) // region info: size, at (0,0), OR
                .put((byte) 0x01) // generic region flags: MMR=1 (no template, no AT pixels)
                .put(mmr);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        segment(out, 0, 48, pageInfo.array()); // page information
        segment(out, 1, 38, region.array()); // immediate generic region
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int number, int type, byte[] data) {
        // number, flags (type; 1-byte page association), no referred-to segments, page 1, data length
        out.writeBytes(ByteBuffer.allocate(11).putInt(number).put((byte) type).put((byte) 0).put((byte) 1)
                .putInt(data.length).array());
        out.writeBytes(data);
    }

    /** The T.6 data of {@code bits}: a one-strip Group 4 TIFF from the JDK writer, strip read back out. */
    private static byte[] g4Strip(BufferedImage bits) throws IOException {
        byte[] tiff = tiff(List.of(bits), "CCITT T.6", true);
        ImageReader reader = ImageIO.getImageReader(jdkWriter("tiff"));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(tiff))) {
            reader.setInput(in);
            TIFFDirectory ifd = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0));
            TIFFField offsets = ifd.getTIFFField(BaselineTIFFTagSet.TAG_STRIP_OFFSETS);
            TIFFField counts = ifd.getTIFFField(BaselineTIFFTagSet.TAG_STRIP_BYTE_COUNTS);
            if (offsets.getCount() != 1) {
                throw new IOException("expected one strip, got " + offsets.getCount());
            }
            int start = (int) offsets.getAsLong(0);
            return Arrays.copyOfRange(tiff, start, start + (int) counts.getAsLong(0));
        } finally {
            reader.dispose();
        }
    }

    /** Pages with the JDK TIFF writer, 300 dpi; {@code oneStrip} makes RowsPerStrip the image height. */
    private static byte[] tiff(List<BufferedImage> pages, String compression, boolean oneStrip) throws IOException {
        ImageWriter writer = jdkWriter("tiff");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(compression);
        BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                TIFFDirectory ifd = TIFFDirectory.createFromMetadata(
                        writer.getDefaultImageMetadata(new ImageTypeSpecifier(page), param));
                for (int tag : new int[] {BaselineTIFFTagSet.TAG_X_RESOLUTION, BaselineTIFFTagSet.TAG_Y_RESOLUTION}) {
                    ifd.addTIFFField(new TIFFField(base.getTag(tag), TIFFTag.TIFF_RATIONAL, 1, new long[][] {{DPI, 1}}));
                }
                ifd.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
                        BaselineTIFFTagSet.RESOLUTION_UNIT_INCH));
                if (oneStrip) {
                    ifd.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_ROWS_PER_STRIP), page.getHeight()));
                }
                writer.writeToSequence(new IIOImage(page, null, ifd.getAsMetadata()), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** JPEG 2000 (JP2 file format) with the jai-imageio writer: lossy 9/7 wavelet at 1 bit a pixel. */
    private static byte[] jpeg2000(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg2000").next();
        J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
        param.setLossless(false);
        param.setFilter(J2KImageWriteParam.FILTER_97);
        param.setEncodingRate(1.0);
        return write(writer, new IIOImage(image, null, null), param);
    }

    private interface Cmyk {
        int[] of(int grey);
    }

    /** A 4-band raster written by the JDK JPEG writer as-is, under an Adobe APP14 marker with {@code transform}. */
    private static byte[] adobeJpeg(List<String> page, int transform, Cmyk cmyk) throws IOException {
        Raster grey = Fixtures.render(page).getRaster();
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, grey.getWidth(), grey.getHeight(), 4, null);
        int[][] lut = new int[256][];
        for (int g = 0; g < 256; g++) {
            lut[g] = cmyk.of(g);
        }
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                raster.setPixel(x, y, lut[grey.getSample(x, y, 0)]);
            }
        }
        ImageWriter writer = jdkWriter("jpeg");
        // defaults for a CMYK image: no JFIF, an Adobe marker, four components
        ImageTypeSpecifier type = ImageTypeSpecifier.createInterleaved(ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK),
                new int[] {0, 1, 2, 3}, DataBuffer.TYPE_BYTE, false, false);
        IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode tree = (IIOMetadataNode) metadata.getAsTree(format);
        ((IIOMetadataNode) tree.getElementsByTagName("app14Adobe").item(0)).setAttribute("transform", Integer.toString(transform));
        metadata.setFromTree(format, tree);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        return write(writer, new IIOImage(raster, null, metadata), param);
    }

    /** The page as TYPE_USHORT_GRAY spanning 0 (black text) to 65535 (white paper). */
    private static BufferedImage gray16(List<String> page) {
        Raster grey = Fixtures.render(page).getRaster();
        int w = grey.getWidth();
        BufferedImage image = new BufferedImage(w, grey.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        int[] row = new int[w];
        for (int y = 0; y < grey.getHeight(); y++) {
            grey.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                row[x] *= 257;
            }
            image.getRaster().setSamples(0, y, w, 1, 0, row);
        }
        return image;
    }

    /** Quarter turn anticlockwise, sample for sample (what a sheet fed long edge first looks like). */
    private static BufferedImage rotateLeft(BufferedImage page) {
        int w = page.getWidth();
        int h = page.getHeight();
        BufferedImage turned = new BufferedImage(h, w, page.getType());
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            page.getRaster().getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                turned.getRaster().setSample(y, w - 1 - x, 0, row[x]);
            }
        }
        return turned;
    }

    private interface PageImage {
        PDImageXObject make(PDDocument doc, List<String> lines) throws IOException;
    }

    /**
     * One image per page, drawn over the whole page at 300 dpi. The image-only counterpart of
     * {@link Fixtures#scannedPdf}, whose page loop is private and always Flate-encodes the page.
     */
    private static byte[] imagePdf(List<List<String>> pages, PageImage images) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            for (List<String> lines : pages) {
                PDImageXObject image = images.make(doc, lines);
                PDRectangle size = new PDRectangle(image.getWidth() * 72f / DPI, image.getHeight() * 72f / DPI);
                PDPage page = new PDPage(size);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawImage(image, 0, 0, size.getWidth(), size.getHeight());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static ImageWriter jdkWriter(String format) {
        var writers = ImageIO.getImageWritersByFormatName(format);
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getName().startsWith(JDK_PLUGINS)) {
                return writer;
            }
        }
        throw new IllegalStateException("no JDK ImageIO writer for " + format);
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, image, param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        return write(jdkWriter(format), new IIOImage(image, null, null), null);
    }
}
