package io.docingest.ocr;

import com.sun.jna.Pointer;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.TessAPI1;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One initialised Tesseract engine. Loading the jpn+eng models takes about a second, so a handle is
 * created once and reused for every page; it is not thread-safe, the {@link TesseractPool} lends it
 * to one thread at a time. Tess4J's own {@code Tesseract.doOCR(BufferedImage)} needs a newer
 * Leptonica than Debian's, so pages are passed as raw 8-bit grey pixels through the handle API.
 */
final class TesseractHandle implements AutoCloseable {

    private final TessBaseAPI api;
    private ByteBuffer pixels = ByteBuffer.allocateDirect(0);

    TesseractHandle(OcrSettings settings) {
        api = TessAPI1.TessBaseAPICreate();
        if (TessAPI1.TessBaseAPIInit2(api, settings.tessdata(), settings.languages(), settings.engineMode()) != 0) {
            TessAPI1.TessBaseAPIDelete(api);
            throw new IllegalStateException("Tesseract cannot load languages '" + settings.languages()
                    + "' from " + settings.tessdata() + " (is tesseract-ocr-jpn installed?)");
        }
        TessAPI1.TessBaseAPISetPageSegMode(api, settings.pageSegmentationMode());
        if (settings.preserveInterwordSpaces()) {
            TessAPI1.TessBaseAPISetVariable(api, "preserve_interword_spaces", "1");
        }
    }

    /** OCRs an 8-bit grey image (BufferedImage.TYPE_BYTE_GRAY) rendered or scanned at {@code dpi}. */
    OcrResult recognize(BufferedImage gray, int dpi) {
        int width = gray.getWidth();
        int height = gray.getHeight();
        int stride = ((ComponentSampleModel) gray.getSampleModel()).getScanlineStride();
        byte[] data = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        // JNA needs native memory; one direct buffer per handle, grown as needed, is the only copy made.
        if (pixels.capacity() < data.length) {
            pixels = ByteBuffer.allocateDirect(data.length);
        }
        pixels.clear();
        pixels.put(data).flip();
        try {
            TessAPI1.TessBaseAPISetImage(api, pixels, width, height, 1, stride);
            TessAPI1.TessBaseAPISetSourceResolution(api, dpi);
            Pointer utf8 = TessAPI1.TessBaseAPIGetUTF8Text(api);
            String text = utf8 == null ? "" : new String(utf8.getByteArray(0, (int) strlen(utf8)), StandardCharsets.UTF_8);
            if (utf8 != null) {
                TessAPI1.TessDeleteText(utf8);
            }
            return new OcrResult(text, TessAPI1.TessBaseAPIMeanTextConf(api));
        } finally {
            TessAPI1.TessBaseAPIClear(api);
        }
    }

    private static long strlen(Pointer p) {
        long n = 0;
        while (p.getByte(n) != 0) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        TessAPI1.TessBaseAPIEnd(api);
        TessAPI1.TessBaseAPIDelete(api);
    }
}
