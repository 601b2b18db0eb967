package io.docingest.extract;

import io.docingest.outcome.CorruptDocumentException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Reads the pages of an image file with ImageIO (JPEG and PNG have one, a TIFF may have many),
 * one frame at a time so a long TIFF is never decoded whole.
 */
final class ImagePages {

    private ImagePages() {
    }

    static int count(Path file) {
        return withReader(file, reader -> reader.getNumImages(true));
    }

    static BufferedImage read(Path file, int page) {
        return withReader(file, reader -> reader.read(page - 1));
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderWork<T> work) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new CorruptDocumentException("no image reader accepts this file", null);
            }
            ImageReader reader = readers.next();
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
