package io.docingest.ocr;

import org.apache.camel.support.service.ServiceSupport;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed set of Tesseract engines, one per page worker, created when Camel starts (so missing
 * language data stops start-up, not the first document) and lent out per page. Run with
 * OMP_THREAD_LIMIT=1: parallelism comes from the page workers, not from OpenMP threads fighting.
 */
public class TesseractPool extends ServiceSupport {

    private final OcrSettings settings;
    private final int size;
    private final List<TesseractHandle> all = new ArrayList<>();
    private BlockingQueue<TesseractHandle> idle;

    public TesseractPool(OcrSettings settings, int size) {
        this.settings = settings;
        this.size = size;
    }

    @Override
    protected void doStart() {
        idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            TesseractHandle handle = new TesseractHandle(settings);
            all.add(handle);
            idle.add(handle);
        }
    }

    public OcrResult recognize(BufferedImage gray, int dpi, int timeoutMs, String languages) throws InterruptedException {
        return recognize(gray, dpi, timeoutMs, languages, false);
    }

    /** With {@code words}: each word's box too (a searchable PDF's text layer is placed from them). */
    public OcrResult recognize(BufferedImage gray, int dpi, int timeoutMs, String languages, boolean words) throws InterruptedException {
        TesseractHandle handle = idle.take();
        try {
            return handle.recognize(gray, dpi, timeoutMs, languages, words);
        } finally {
            idle.add(handle);
        }
    }

    @Override
    protected void doStop() {
        all.forEach(TesseractHandle::close);
        all.clear();
    }
}
