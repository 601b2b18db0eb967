package io.docingest.metrics;

import io.docingest.document.IngestDocument;
import io.docingest.document.PageText;
import io.docingest.document.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's own meters (ARCHITECTURE.md, "Observing"), next to Camel's per-route ones. The
 * pipeline observer calls it where a fact becomes known: a document starts, a page batch starts
 * and ends, a stage ends, an outcome is reached, a redelivery or a dead letter happens. Tags stay
 * low-cardinality: kinds, stages and exception classes, never keys.
 */
public class IngestMetrics {

    private final MeterRegistry registry;
    private final FilesProcessedPublisher filesProcessed;
    private final AtomicInteger documentsInFlight = new AtomicInteger();
    private final AtomicInteger pagesInFlight = new AtomicInteger();
    private final AtomicLong lastProgressMillis = new AtomicLong(System.currentTimeMillis());

    /** {@code filesProcessed}: the original worker's CloudWatch metrics, null where CloudWatch is off. */
    public IngestMetrics(MeterRegistry registry, FilesProcessedPublisher filesProcessed) {
        this.registry = registry;
        this.filesProcessed = filesProcessed;
        registry.gauge("ingest.documents.in.flight", documentsInFlight);
        registry.gauge("ingest.pages.in.flight", pagesInFlight);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A document starts work: queue lag (now − event time) and the in-flight gauge until it ends. */
    public void documentStarted(IngestDocument doc) {
        Instant eventTime = doc.getEvent().eventTime();
        if (eventTime != null) {
            Duration lag = Duration.between(eventTime, Instant.now());
            Timer.builder("ingest.queue.lag").description("time from the file's event to the start of its work")
                    .register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
        }
        documentsInFlight.incrementAndGet();
        progress();
    }

    /** A document that started work has ended, whatever its outcome. */
    public void documentEnded() {
        documentsInFlight.decrementAndGet();
    }

    public void batchStarted(int pages) {
        pagesInFlight.addAndGet(pages);
    }

    /** Pages by how their text was found, OCR time per page, failed pages. */
    public void batchDone(List<PageText> pages) {
        pagesInFlight.addAndGet(-pages.size());
        for (PageText page : pages) {
            Counter.builder("ingest.pages").tag("kind", page.source()).register(registry).increment();
            if (PageText.OCR.equals(page.source()) && !page.isFailed()) {
                Timer.builder("ingest.ocr.page").description("OCR time per page, rendering included")
                        .register(registry).record(page.millis(), TimeUnit.MILLISECONDS);
            }
        }
        progress();
    }

    /** A batch that failed as a whole (a page's failure is a page, not this). */
    public void batchFailed(int pages) {
        pagesInFlight.addAndGet(-pages);
    }

    /** One stage of one document (fetch, extract-text, thumbnail, embed, index): where a document's time goes. */
    public void stageDone(String stage, long millis) {
        Timer.builder("ingest.stage").description("time one document spent in one pipeline stage").tag("stage", stage)
                .register(registry).record(millis, TimeUnit.MILLISECONDS);
    }

    /** indexed, skipped, failed or already-indexed, with a short reason for the last three. */
    public void outcome(Status outcome, String reason) {
        Counter.builder("ingest.documents").tag("outcome", outcome.label()).tag("reason", reason == null ? "" : reason)
                .register(registry).increment();
        progress();
    }

    /**
     * A document's whole time, from the source handing its event over to its outcome, by outcome
     * (the original worker's ProcessingTime too, where CloudWatch is on).
     */
    public void documentDone(Status outcome, Duration took) {
        Timer.builder("ingest.document.duration").description("time from a document's event being taken to its outcome")
                .tag("outcome", outcome.label()).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(2))
                .register(registry).record(took);
        if (filesProcessed != null) {
            filesProcessed.processed(outcome, took);
        }
    }

    /** An extractor process died or was stopped for overrunning ({@code reason}: out of memory, SIGKILL, overran ...). */
    public void extractorDied(String reason) {
        Counter.builder("ingest.extractor.deaths").tag("reason", reason).register(registry).increment();
    }

    /** A message held past ingest.sqs.max-hold-seconds, given back to its queue while its document may still run. */
    public void heldTooLong() {
        Counter.builder("ingest.messages.held.too.long").register(registry).increment();
    }

    /** A document handed back to its source after a transient failure, not parked. */
    public void handedBack(Throwable cause) {
        Counter.builder("ingest.handed.back").tag("exception", cause == null ? "" : cause.getClass().getSimpleName())
                .register(registry).increment();
    }

    public void redelivered(Throwable cause) {
        Counter.builder("ingest.redeliveries").tag("exception", cause == null ? "" : cause.getClass().getSimpleName())
                .register(registry).increment();
    }

    public void deadLettered(Throwable cause) {
        Counter.builder("ingest.dead.letters").tag("exception", cause == null ? "" : cause.getClass().getSimpleName())
                .register(registry).increment();
    }

    /** When the pipeline last moved (a document started, a batch ended, an outcome): the stuck-consumer check reads it. */
    public Instant lastProgress() {
        return Instant.ofEpochMilli(lastProgressMillis.get());
    }

    public int documentsInFlight() {
        return documentsInFlight.get();
    }

    private void progress() {
        lastProgressMillis.set(System.currentTimeMillis());
    }
}
