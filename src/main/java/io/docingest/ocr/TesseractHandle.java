package io.docingest.ocr;

import com.sun.jna.Pointer;
import io.docingest.document.PageWord;
import net.sourceforge.tess4j.ITessAPI.ETEXT_DESC;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.MultiPixelPackedSampleModel;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One initialised Tesseract engine. Loading the jpn+eng models takes about a second, so a handle is
 * created once and reused for every page; it is not thread-safe, the {@link TesseractPool} lends it
 * to one thread at a time. Tess4J's own {@code Tesseract.doOCR(BufferedImage)} needs a newer
 * Leptonica than Debian's, so pages are passed as raw 8-bit grey pixels through the handle API.
 */
final class TesseractHandle implements AutoCloseable {

    // The interface mapping binds functions on first call; TessAPI1's direct mapping binds them all
    // at load and fails on libtesseract 5.3 (Debian 12), which lacks some newer renderer functions.
    private static final TessAPI TESS = TessAPI.INSTANCE;
    private static final int RIL_WORD = net.sourceforge.tess4j.ITessAPI.TessPageIteratorLevel.RIL_WORD;

    private final OcrSettings settings;
    private final TessBaseAPI api;
    private String languages;
    private final ETEXT_DESC monitor;
    private ByteBuffer pixels = ByteBuffer.allocateDirect(0);
    private PageOrientation orientation;
    private static final int MIN_TEXT_TO_TURN = 10;
    private boolean orientationUnavailable;

    TesseractHandle(OcrSettings settings) {
        this.settings = settings;
        api = TESS.TessBaseAPICreate();
        load(settings.languages());
        monitor = TESS.TessMonitorCreate();
    }

    /** (Re)initialises the engine for {@code languages}; a document's processor type may ask for others. */
    private void load(String languages) {
        this.languages = null;  // a failed Init leaves the engine unusable until the next one succeeds
        if (TESS.TessBaseAPIInit2(api, settings.tessdata(), languages, settings.engineMode()) != 0) {
            throw new IllegalStateException("Tesseract cannot load languages '" + languages
                    + "' from " + settings.tessdata() + " (is its tesseract-ocr-* data package installed?)");
        }
        TESS.TessBaseAPISetPageSegMode(api, settings.pageSegmentationMode());
        // Tesseract's own chatter ("Too few characters", OSD margins) goes straight to stderr and
        // would break one-JSON-object-per-line logs; what matters is returned and logged by us.
        TESS.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
        if (settings.preserveInterwordSpaces()) {
            TESS.TessBaseAPISetVariable(api, "preserve_interword_spaces", "1");
        }
        this.languages = languages;
    }

    /**
     * OCRs an 8-bit grey image (BufferedImage.TYPE_BYTE_GRAY) or a 1-bit one (TYPE_BYTE_BINARY,
     * 0 = black, as PDF and ImageIO give bilevel scans: an eighth of the grey page's bytes) rendered
     * or scanned at {@code dpi}, in {@code languages} (e.g. jpn+eng), giving up after
     * {@code timeoutMs} (Tesseract's own deadline monitor, checked between words). A page that reads
     * badly has its orientation detected, and is read again turned upright if it was not. With
     * {@code words}, each word's box too, in the image given whatever turn read it.
     */
    OcrResult recognize(BufferedImage image, int dpi, int timeoutMs, String languages, boolean words) {
        if (!languages.equals(this.languages)) {
            load(languages);
        }
        OcrResult read = read(image, dpi, timeoutMs, words, 0);
        // A page with next to no text (a photo, a diagram) is not worth turning.
        if (orientationUnavailable || read.timedOut() || read.confidence() >= settings.orientationCheckBelow()
                || read.text().strip().length() < MIN_TEXT_TO_TURN) {
            return read;
        }
        if (orientation == null) {
            try {
                orientation = new PageOrientation(settings.tessdata());
            } catch (IllegalStateException e) {
                // No osd model where the others are: pages are read as they come, as before the check.
                if (!orientationUnavailable) {
                    LoggerFactory.getLogger(TesseractHandle.class).warn("{}: pages are not turned upright", e.getMessage());
                }
                orientationUnavailable = true;
                return read;
            }
        }
        OptionalInt detected = orientation.uprightTurn(pixels, image.getWidth(), image.getHeight(), bytesPerPixel(image), stride(image), dpi);
        // Undetected (too little text for the model): the two ways a sheet is fed sideways.
        List<Integer> turns = detected.isPresent() ? List.of(detected.getAsInt()) : List.of(90, 270);
        OcrResult best = read;
        for (int turn : turns) {
            if (turn != 0) {
                OcrResult turned = read(PageOrientation.turned(image, turn), dpi, timeoutMs, words, turn);
                best = !turned.timedOut() && turned.confidence() > best.confidence() ? turned : best;
            }
        }
        return best;
    }

    /**
     * Copies the image into this handle's native buffer (left there for the orientation check) and
     * reads it; {@code turn}: how far it was turned from the image the caller gave.
     */
    private OcrResult read(BufferedImage image, int dpi, int timeoutMs, boolean words, int turn) {
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        // JNA needs native memory; one direct buffer per handle, grown as needed, is the only copy made.
        if (pixels.capacity() < data.length) {
            pixels = ByteBuffer.allocateDirect(data.length);
        }
        pixels.clear();
        pixels.put(data).flip();
        try {
            TESS.TessBaseAPISetImage(api, pixels, image.getWidth(), image.getHeight(), bytesPerPixel(image), stride(image));
            TESS.TessBaseAPISetSourceResolution(api, dpi);
            TESS.TessMonitorSetDeadlineMSecs(monitor, timeoutMs);
            if (TESS.TessBaseAPIRecognize(api, monitor) != 0) {
                return OcrResult.timeout();
            }
            Pointer utf8 = TESS.TessBaseAPIGetUTF8Text(api);
            String text = utf8 == null ? "" : utf8.getString(0, StandardCharsets.UTF_8.name());
            if (utf8 != null) {
                TESS.TessDeleteText(utf8);
            }
            return new OcrResult(text, TESS.TessBaseAPIMeanTextConf(api), false,
                    words ? words(image.getWidth(), image.getHeight(), turn) : List.of());
        } finally {
            TESS.TessBaseAPIClear(api);
        }
    }

    /** The words of the last read, their boxes as fractions of the image before it was turned {@code turn} degrees clockwise. */
    private List<PageWord> words(int width, int height, int turn) {
        List<PageWord> words = new ArrayList<>();
        TessResultIterator iterator = TESS.TessBaseAPIGetIterator(api);
        if (iterator == null) {
            return words;
        }
        try {
            TessPageIterator boxes = TESS.TessResultIteratorGetPageIterator(iterator);
            IntBuffer left = IntBuffer.allocate(1);
            IntBuffer top = IntBuffer.allocate(1);
            IntBuffer right = IntBuffer.allocate(1);
            IntBuffer bottom = IntBuffer.allocate(1);
            IntBuffer orientation = IntBuffer.allocate(1);
            do {
                Pointer utf8 = TESS.TessResultIteratorGetUTF8Text(iterator, RIL_WORD);
                if (utf8 == null) {
                    continue;
                }
                String word = utf8.getString(0, StandardCharsets.UTF_8.name()).strip();
                TESS.TessDeleteText(utf8);
                if (word.isEmpty() || TESS.TessPageIteratorBoundingBox(boxes, RIL_WORD, left, top, right, bottom) == 0) {
                    continue;
                }
                // With automatic segmentation Tesseract reads a turned block by itself, boxes still
                // in the image's own axes: its orientation says which way the block's tops point.
                TESS.TessPageIteratorOrientation(boxes, orientation, IntBuffer.allocate(1), IntBuffer.allocate(1),
                        FloatBuffer.allocate(1));
                int blockTurn = (4 - orientation.get(0)) % 4 * 90;
                words.add(unturned(word, left.get(0) / (double) width, top.get(0) / (double) height,
                        right.get(0) / (double) width, bottom.get(0) / (double) height, turn, (turn + blockTurn) % 360));
            } while (TESS.TessResultIteratorNext(iterator, RIL_WORD) != 0);
        } finally {
            TESS.TessResultIteratorDelete(iterator);
        }
        return words;
    }

    /**
     * A box (fractions u0..u1 across, v0..v1 down) in an image turned {@code turn} degrees
     * clockwise, as it lies in the image before the turn; {@code wordTurn}: the word's own
     * ({@link PageWord#turn()}).
     */
    static PageWord unturned(String text, double u0, double v0, double u1, double v1, int turn, int wordTurn) {
        return switch (turn) {
            case 90 -> new PageWord(text, v0, 1 - u1, v1 - v0, u1 - u0, wordTurn);
            case 180 -> new PageWord(text, 1 - u1, 1 - v1, u1 - u0, v1 - v0, wordTurn);
            case 270 -> new PageWord(text, 1 - v1, u0, v1 - v0, u1 - u0, wordTurn);
            default -> new PageWord(text, u0, v0, u1 - u0, v1 - v0, wordTurn);
        };
    }

    /** Tesseract's 0 means 1 bit a pixel, packed most significant bit first. */
    private static int bytesPerPixel(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_BYTE_BINARY ? 0 : 1;
    }

    private static int stride(BufferedImage image) {
        return image.getSampleModel() instanceof MultiPixelPackedSampleModel packed ? packed.getScanlineStride()
                : ((ComponentSampleModel) image.getSampleModel()).getScanlineStride();
    }

    @Override
    public void close() {
        if (orientation != null) {
            orientation.close();
        }
        TESS.TessMonitorDelete(monitor);
        TESS.TessBaseAPIEnd(api);
        TESS.TessBaseAPIDelete(api);
    }
}
