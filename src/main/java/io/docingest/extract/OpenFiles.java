package io.docingest.extract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The files an extractor process keeps its PDF handles open on: the page workers interleave the
 * batches of every document in flight, so a process closing one file's handles whenever a batch
 * of another came opened and parsed (fonts and all) a file again for nearly every batch. A file
 * is closed once unused for {@code idleMillis} (its document is done, its spooled copy about to
 * be deleted), and the least recently used beyond {@code max} at once.
 */
final class OpenFiles {

    private final Consumer<Path> close;
    private final int max;
    private final long idleMillis;
    private final LongSupplier clock;
    /** Each open file and when it was last used, least recently used first. */
    private final LinkedHashMap<Path, Long> lastUsed = new LinkedHashMap<>(16, 0.75f, true);

    OpenFiles(Consumer<Path> close, int max, long idleMillis, LongSupplier clock) {
        this.close = close;
        this.max = max;
        this.idleMillis = idleMillis;
        this.clock = clock;
    }

    /** {@code file} is about to be read: it stays open; those idle too long, or too many, close. */
    void use(Path file) {
        long now = clock.getAsLong();
        lastUsed.put(file, now);
        closeIdle();
        List<Path> surplus = new ArrayList<>();
        Iterator<Path> oldest = lastUsed.keySet().iterator();
        for (int over = lastUsed.size() - max; over > 0; over--) {
            surplus.add(oldest.next());
        }
        surplus.forEach(this::closeOne);
    }

    /** Closes every file unused for {@code idleMillis}. */
    void closeIdle() {
        long now = clock.getAsLong();
        List<Path> idle = lastUsed.entrySet().stream().filter(used -> now - used.getValue() >= idleMillis).map(Map.Entry::getKey).toList();
        idle.forEach(this::closeOne);
    }

    void closeAll() {
        List.copyOf(lastUsed.keySet()).forEach(this::closeOne);
    }

    boolean isEmpty() {
        return lastUsed.isEmpty();
    }

    private void closeOne(Path file) {
        lastUsed.remove(file);
        close.accept(file);
    }
}
