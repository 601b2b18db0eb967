package io.docingest.ocr;

import com.sun.jna.ptr.PointerByReference;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageSegMode;
import net.sourceforge.tess4j.TessAPI;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.OptionalInt;

/**
 * Tesseract's orientation detection (its "osd" model, which only the legacy engine reads), kept
 * in an engine of its own beside a handle's recognition engine. A sheet fed sideways reads as
 * noise; asked only for pages that read badly, this says how far to turn them.
 */
final class PageOrientation implements AutoCloseable {

    private static final TessAPI TESS = TessAPI.INSTANCE;
    private static final int LEGACY_ENGINE = 0;

    private final TessBaseAPI api;

    PageOrientation(String tessdata) {
        api = TESS.TessBaseAPICreate();
        if (TESS.TessBaseAPIInit2(api, tessdata, "osd", LEGACY_ENGINE) != 0) {
            TESS.TessBaseAPIDelete(api);
            throw new IllegalStateException("Tesseract cannot load its orientation model 'osd' from " + tessdata
                    + " (is tesseract-ocr-osd installed?)");
        }
        TESS.TessBaseAPISetPageSegMode(api, TessPageSegMode.PSM_OSD_ONLY);
        TESS.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    }

    /**
     * Degrees to turn the page clockwise to stand it upright (0, 90, 180 or 270), or empty when
     * Tesseract cannot tell (it needs a few dozen characters: a sparse page is not enough).
     */
    OptionalInt uprightTurn(ByteBuffer pixels, int width, int height, int bytesPerPixel, int stride, int dpi) {
        try {
            TESS.TessBaseAPISetImage(api, pixels, width, height, bytesPerPixel, stride);
            TESS.TessBaseAPISetSourceResolution(api, dpi);
            IntBuffer degrees = IntBuffer.allocate(1);
            FloatBuffer confidence = FloatBuffer.allocate(1);
            // A weak guess costs one more read at most: the caller keeps whichever read is better.
            if (TESS.TessBaseAPIDetectOrientationScript(api, degrees, confidence, new PointerByReference(),
                    FloatBuffer.allocate(1)) != 1) {
                return OptionalInt.empty();
            }
            // Tesseract says how far the page was turned clockwise; standing it up turns it back.
            return OptionalInt.of((360 - degrees.get(0)) % 360);
        } finally {
            TESS.TessBaseAPIClear(api);
        }
    }

    /** The image turned clockwise by a multiple of 90 degrees, pixel for pixel. */
    static BufferedImage turned(BufferedImage image, int degreesClockwise) {
        int quadrants = (degreesClockwise / 90) % 4;
        boolean swap = quadrants % 2 == 1;
        int width = swap ? image.getHeight() : image.getWidth();
        int height = swap ? image.getWidth() : image.getHeight();
        AffineTransform turn = new AffineTransform();
        turn.translate(width / 2.0, height / 2.0);
        turn.quadrantRotate(quadrants);
        turn.translate(-image.getWidth() / 2.0, -image.getHeight() / 2.0);
        BufferedImage out = image.getColorModel() instanceof IndexColorModel palette
                ? new BufferedImage(width, height, image.getType(), palette)
                : new BufferedImage(width, height, image.getType());
        return new AffineTransformOp(turn, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, out);
    }

    @Override
    public void close() {
        TESS.TessBaseAPIEnd(api);
        TESS.TessBaseAPIDelete(api);
    }
}
