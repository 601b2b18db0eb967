package io.docingest.extract;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The extractor processes: one per page worker of both lanes, started with the context (so a
 * missing language pack stops start-up, not the first document), lent to one batch at a time,
 * and replaced when one dies. A replacement is started by the next batch that needs one, so a
 * dead process costs one start-up (about a second), not a slot.
 * <p>
 * The process given back last is lent first. Each JVM compiles PDFBox's code for itself as it
 * reads (some 17 s of compiler time on a 2-core machine), so work spread over every process,
 * the priority lane's spare included, paid that three times over and kept each colder; lent last
 * in, first out, the spare only works when the others are busy.
 */
public class ExtractorProcesses extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractorProcesses.class);

    /** Which batch a process is reading, and the page it is on: for health details and for operators. */
    public record Work(long pid, String fileId, int page) {
    }

    private final List<String> command;
    private final ExtractorProtocol.Settings settings;
    private final int size;
    private final long startMillis;
    private final BlockingDeque<ExtractorProcess> idle = new LinkedBlockingDeque<>();
    private final Semaphore vacancies = new Semaphore(0);
    private final Map<Long, ExtractorProcess> all = new ConcurrentHashMap<>();
    private final Map<Long, Work> atWork = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> lent = new ConcurrentHashMap<>();
    private final AtomicLong replaced = new AtomicLong();

    ExtractorProcesses(List<String> command, ExtractorProtocol.Settings settings, int size, long startMillis) {
        this.command = List.copyOf(command);
        this.settings = settings;
        this.size = size;
        this.startMillis = startMillis;
    }

    @Override
    protected void doStart() throws Exception {
        List<CompletableFuture<ExtractorProcess>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            starting.add(CompletableFuture.supplyAsync(this::startOne));
        }
        for (CompletableFuture<ExtractorProcess> one : starting) {
            idle.add(one.join());
        }
        LOG.info("{} extractor processes started", size);
    }

    /** An idle process, alive; starts one in a vacant place when none is idle. */
    ExtractorProcess borrow() throws InterruptedException {
        while (isRunAllowed()) {
            ExtractorProcess extractor = idle.pollFirst(1, TimeUnit.SECONDS);
            if (extractor == null && vacancies.tryAcquire()) {
                try {
                    extractor = startOne();
                } catch (RuntimeException e) {
                    vacancies.release();
                    throw e;
                }
            }
            if (extractor != null && extractor.isAlive()) {
                lent.computeIfAbsent(extractor.pid(), pid -> new AtomicLong()).incrementAndGet();
                return extractor;
            }
            if (extractor != null) {
                discard(extractor);  // died while idle (the kernel's OOM killer, a person)
            }
        }
        throw new IllegalStateException("the extractor processes are stopping");
    }

    void giveBack(ExtractorProcess extractor) {
        atWork.remove(extractor.pid());
        idle.addFirst(extractor);
    }

    /** Kills a process that died or overran; its place is filled by the next batch that needs it. */
    void discard(ExtractorProcess extractor) {
        atWork.remove(extractor.pid());
        lent.remove(extractor.pid());
        extractor.kill();
        if (all.remove(extractor.pid()) != null) {
            replaced.incrementAndGet();  // a replacement will be started
            vacancies.release();
        }
    }

    void working(ExtractorProcess extractor, String fileId, int page) {
        atWork.put(extractor.pid(), new Work(extractor.pid(), fileId, page));
    }

    /** What each busy process is reading now. */
    public List<Work> atWork() {
        return List.copyOf(atWork.values());
    }

    /** How many batches each living process has been lent: how the work spreads over them. */
    public Map<Long, Long> batchesLent() {
        Map<Long, Long> counts = new TreeMap<>();
        lent.forEach((pid, count) -> counts.put(pid, count.get()));
        return counts;
    }

    /** Processes started to replace ones that died or overran, since start-up. */
    public long replaced() {
        return replaced.get();
    }

    private ExtractorProcess startOne() {
        try {
            ExtractorProcess extractor = ExtractorProcess.start(command, settings, startMillis);
            all.put(extractor.pid(), extractor);
            return extractor;
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while an extractor process started", e);
        }
    }

    @Override
    protected void doStop() throws Exception {
        // Each closes on its stdin ending; in parallel, so stopping takes one grace period at most.
        List<CompletableFuture<Void>> stopping = all.values().stream()
                .map(extractor -> CompletableFuture.runAsync(() -> {
                    try {
                        extractor.stop(5000);
                    } catch (InterruptedException e) {
                        extractor.kill();
                    }
                })).toList();
        stopping.forEach(CompletableFuture::join);
        all.clear();
        idle.clear();
        atWork.clear();
        lent.clear();
    }
}
