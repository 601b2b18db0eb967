package io.docingest.metrics;

import io.docingest.IngestDocument;
import io.docingest.extract.PageBatch;
import io.docingest.extract.PageText;
import io.docingest.outcome.DeadLetterEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's own meters (DESIGN §10), next to Camel's per-route ones. Route steps call it where
 * a fact becomes known: a document starts, a page batch starts and ends, an outcome is recorded,
 * a redelivery or a dead letter happens. Tags stay low-cardinality: kinds and exception classes,
 * never keys.
 */
public class IngestMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger documentsInFlight = new AtomicInteger();
    private final AtomicInteger pagesInFlight = new AtomicInteger();
    private final AtomicLong lastProgressMillis = new AtomicLong(System.currentTimeMillis());

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("ingest.documents.in.flight", documentsInFlight);
        registry.gauge("ingest.pages.in.flight", pagesInFlight);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A document starts work: queue lag (now − event time) and the in-flight gauge until its exchange completes. */
    public void documentStarted(Exchange exchange) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Instant eventTime = doc.getEvent().eventTime();
        if (eventTime != null) {
            Duration lag = Duration.between(eventTime, Instant.now());
            Timer.builder("ingest.queue.lag").description("time from the file's event to the start of its work")
                    .register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
        }
        documentsInFlight.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                documentsInFlight.decrementAndGet();
            }
        });
        progress();
    }

    public void batchStarted(PageBatch batch) {
        pagesInFlight.addAndGet(batch.size());
    }

    /** Pages by how their text was found, OCR time per page, failed pages. */
    public void batchDone(List<PageText> pages, @ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
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

    /** indexed, skipped, failed or already-indexed, with a short reason for the last three. */
    public void outcome(String outcome, String reason) {
        Counter.builder("ingest.documents").tag("outcome", outcome).tag("reason", reason == null ? "" : reason)
                .register(registry).increment();
        progress();
    }

    /** Camel's onRedelivery hook. */
    public void redelivered(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Counter.builder("ingest.redeliveries").tag("exception", cause == null ? "" : cause.getClass().getSimpleName())
                .register(registry).increment();
    }

    public void deadLettered(Exchange exchange) {
        Throwable cause = DeadLetterEnvelope.reason(exchange);
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
