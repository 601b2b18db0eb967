package io.docingest.extract;

import io.docingest.document.CorruptDocumentException;
import io.docingest.document.LimitExceededException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the pages of an image file with ImageIO (JPEG, PNG, BMP, GIF and JPEG 2000 have one, a TIFF may have many),
 * one frame at a time so a long TIFF is never decoded whole.
 */
public final class ImagePages {

    private ImagePages() {
    }

    /** Counts the frames, checking each one's declared size against the pixel limit unread. */
    public static int count(Path file, long maxPixels) {
        return withReader(file.toFile(), reader -> {
            int frames = reader.getNumImages(true);
            for (int i = 0; i < frames; i++) {
                checkPixels(reader, i, maxPixels);
            }
            return frames;
        });
    }

    static BufferedImage read(Path file, int page, long maxPixels) {
        return withReader(file.toFile(), reader -> {
            checkPixels(reader, page - 1, maxPixels);
            return reader.read(page - 1);
        });
    }

    /** Reads frame 0 subsampled so its longer side is near {@code targetSize}: thumbnails of huge scans stay small. */
    /** The first image of a stream (one embedded in an office document), checked against the pixel limit unread. */
    static BufferedImage read(InputStream stream, long maxPixels) {
        return withReader(stream, reader -> {
            checkPixels(reader, 0, maxPixels);
            return reader.read(0);
        });
    }

    public static BufferedImage readFirstScaled(Path file, int targetSize, long maxPixels) {
        return withReader(file.toFile(), reader -> {
            checkPixels(reader, 0, maxPixels);
            int longer = Math.max(reader.getWidth(0), reader.getHeight(0));
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, longer / (2 * targetSize));
            param.setSourceSubsampling(step, step, 0, 0);
            return reader.read(0, param);
        });
    }

    private static void checkPixels(ImageReader reader, int index, long maxPixels) throws IOException {
        long pixels = (long) reader.getWidth(index) * reader.getHeight(index);
        if (pixels > maxPixels) {
            throw new LimitExceededException("image page " + (index + 1) + " declares " + reader.getWidth(index) + "x"
                    + reader.getHeight(index) + " pixels, over ingest.limits.max-pixels-per-page (" + maxPixels + ")");
        }
    }

    /**
     * The JDK's own reader where it has one: jai-imageio (there for JPEG 2000) registers TIFF and
     * BMP readers too, and ImageIO's order among them changes from one JVM to the next.
     */
    private static ImageReader preferred(Iterator<ImageReader> readers) {
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith("com.sun.imageio.")) {
                return reader;
            }
            first = first == null ? reader : first;
        }
        return first;
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** {@code input}: a file, or a stream ImageIO reads through a cache of its own. */
    private static <T> T withReader(Object input, ReaderWork<T> work) {
        try (ImageInputStream in = ImageIO.createImageInputStream(input)) {
            ImageReader reader = in == null ? null : preferred(ImageIO.getImageReaders(in));
            if (reader == null) {
                throw new CorruptDocumentException("no image reader accepts this file", null);
            }
            try {
                reader.setInput(in, false, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new CorruptDocumentException("image cannot be decoded: " + e.getMessage(), e);
        }
    }
}
