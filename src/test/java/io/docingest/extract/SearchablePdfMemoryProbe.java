package io.docingest.extract;

import io.docingest.bench.LiveHeap;
import io.docingest.config.Limits;
import io.docingest.document.FileType;
import io.docingest.document.OcrLayout;
import io.docingest.document.PageWord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The searchable PDF writer's memory, in a JVM of its own (the benchmark's "memory" section): a
 * scan of {@code pages} pages, each with a dense page's worth of word boxes (40 lines of 8 words)
 * in its word-box file, written as an extractor process writes it; prints the peak live heap
 * (after full collections, forced every 100 ms), so 100 and 1,000 pages show whether the writer
 * holds a whole document.
 */
public final class SearchablePdfMemoryProbe {

    private static final String[] WORDS = {"請求書", "Invoice", "株式会社", "delivery", "合計金額", "2026-12-10", "営業部", "schedule",
            "御中", "amount", "納品", "warehouse"};

    private SearchablePdfMemoryProbe() {
    }

    /** The word-box files a dense page's OCR would leave, one per page, in {@code folder}. */
    public static void writeWordBoxes(Path folder, int pages) throws Exception {
        for (int page = 1; page <= pages; page++) {
            List<PageWord> words = new ArrayList<>();
            for (int line = 0; line < 40; line++) {
                for (int word = 0; word < 8; word++) {
                    words.add(new PageWord(WORDS[(page + line + word) % WORDS.length], 0.08 + word * 0.105, 0.05 + line * 0.022, 0.09,
                            0.015, 0));
                }
            }
            WordBoxFiles.write(folder, page, new OcrLayout(OcrLayout.PAGE_IMAGE, words));
        }
    }

    /** Arguments: the scan, its page count, the word-box folder, the copy to write, the layer's font. */
    public static void main(String[] args) throws Exception {
        Path original = Path.of(args[0]);
        int pages = Integer.parseInt(args[1]);
        Path wordBoxes = Path.of(args[2]);
        Path out = Path.of(args[3]);
        SearchablePdfWriter writer = new SearchablePdfWriter(Path.of(args[4]), 300,
                new Limits(Long.MAX_VALUE, 100_000, 150_000_000, 120_000, 3_600_000), false);
        Set<Integer> ocred = IntStream.rangeClosed(1, pages).boxed().collect(Collectors.toSet());
        LiveHeap live = new LiveHeap();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(System::gc, 100, 100, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        writer.write(original, FileType.PDF, pages, ocred, wordBoxes, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.shutdownNow();
        System.out.printf(Locale.ROOT, "MEMORY %d words: peak live heap after GC %.1f MiB; "
                        + "copy %.1f MiB from %.1f MiB; %.1f s with a full collection every 100 ms%n",
                pages * 320, live.peakBytes() / 1048576.0, Files.size(out) / 1048576.0, Files.size(original) / 1048576.0, seconds);
    }
}
