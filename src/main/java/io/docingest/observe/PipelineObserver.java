package io.docingest.observe;

import io.docingest.config.ParserChatter;
import io.docingest.document.Failures;
import io.docingest.document.FileEvent;
import io.docingest.document.FileType;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageBatch;
import io.docingest.document.PageText;
import io.docingest.document.Status;
import io.docingest.metrics.IngestMetrics;
import io.docingest.status.StatusIndex;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Watches documents go through the pipeline's stages and says what happened: log lines, meters,
 * the status index's "processing" and page progress. The routes say only the pipeline; this hears
 * Camel's own events for the {@code direct:} endpoints they send to (ARCHITECTURE.md, "Observing"):
 * <ul>
 *   <li>{@code direct:ingest}: a source hands over an event (log context, "Ingesting") and gets it
 *       back done (the outcome's meter, the in-flight gauge);</li>
 *   <li>{@code direct:fetch}, the first stage: work starts ("processing", queue lag);</li>
 *   <li>every stage: its time ({@code ingest.stage});</li>
 *   <li>{@code direct:extract-page-batch}: pages in flight, pages done and progress;</li>
 *   <li>{@code direct:park} returning parked (a drain hands the message back instead), and each redelivery: the failure meters.</li>
 * </ul>
 */
public class PipelineObserver extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineObserver.class);
    private static final String PREFIX = "direct://";
    private static final List<String> STAGES = List.of("fetch", "extract-text", "thumbnail", "embed", "index");

    private final IngestMetrics metrics;
    private final StatusIndex status;

    public PipelineObserver(IngestMetrics metrics, StatusIndex status) {
        this.metrics = metrics;
        this.status = status;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent
                || event instanceof ExchangeRedeliveryEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        if (event instanceof ExchangeRedeliveryEvent) {
            // Camel clears the exception before a redelivery; the caught one stays as a property.
            metrics.redelivered(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        } else if (event instanceof ExchangeSendingEvent sending) {
            sending(endpoint(sending.getEndpoint().getEndpointUri()), exchange);
        } else if (event instanceof ExchangeSentEvent sent) {
            sent(endpoint(sent.getEndpoint().getEndpointUri()), exchange, sent.getTimeTaken());
        }
    }

    private void sending(String endpoint, Exchange exchange) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        switch (endpoint) {
            case "ingest" -> {
                FileEvent event = exchange.getMessage().getBody(FileEvent.class);
                LogContext.enter(event);
                ParserChatter.open(io.docingest.document.FileIds.fileId(event.key()));
                LOG.info("Ingesting {} from {}", event.key(), event.source());
            }
            case "fetch" -> {
                if (doc.markStarted()) {
                    metrics.documentStarted(doc);
                    status.processing(doc);
                }
            }
            case "extract-page-batch" -> metrics.batchStarted(exchange.getMessage().getBody(PageBatch.class).size());
            default -> { }
        }
    }

    private void sent(String endpoint, Exchange exchange, long millis) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        if (doc != null && STAGES.contains(endpoint)) {
            metrics.stageDone(endpoint, millis);
        }
        switch (endpoint) {
            case "extract-page-batch" -> pagesDone(doc, exchange);
            // Parked, unless the worker was draining: then the message went back to the queue and the exchange still fails.
            case "park" -> {
                if (exchange.getException() == null) {
                    metrics.deadLettered(Failures.reason(exchange));
                }
            }
            // Logged where the index stage ends: on the thread of the last write, as the log context travels.
            case "index" -> {
                if (doc.getOutcome() == Status.INDEXED) {
                    LOG.info("Indexed {} as {}: {} pages", doc.getEvent().key(), doc.getFileId(), doc.getPageCount());
                }
            }
            case "ingest" -> {
                if (doc != null) {
                    ended(doc, exchange, millis);
                } else {
                    ParserChatter.take(LogContext.fileId());  // failed before the document was opened
                }
                LogContext.leave();
            }
            default -> { }
        }
    }

    private void pagesDone(IngestDocument doc, Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<PageText> pages = exchange.getMessage().getBody(List.class);
        if (pages == null) {
            // the batch failed (the document's error handling records it): its pages are no longer in flight
            PageBatch batch = exchange.getMessage().getBody(PageBatch.class);
            metrics.batchFailed(batch == null ? 0 : batch.size());
            return;
        }
        metrics.batchDone(pages);
        status.pagesDone(doc, doc.addPagesDone(pages.size()));
    }

    private void ended(IngestDocument doc, Exchange exchange, long millis) {
        if (doc.isStarted()) {
            metrics.documentEnded();
        }
        ParserChatter.Summary chatter = ParserChatter.take(doc.getKeyId());
        if (chatter.lines() > 0) {
            LOG.info("{}: parser warnings: {} (first: {})", doc.getEvent().key(), chatter.lines(), chatter.first());
        }
        Status outcome = doc.getOutcome();
        if (outcome == null) {
            return;  // handed back to the queue unrecorded (a drain): it is not over
        }
        String reason = switch (outcome) {
            case SKIPPED -> doc.getType() == FileType.EMPTY ? "empty" : "outside-key-prefix";
            case FAILED -> {
                Throwable cause = Failures.reason(exchange);
                yield cause == null ? "unknown" : cause.getClass().getSimpleName();
            }
            default -> "";
        };
        if (outcome == Status.ALREADY_INDEXED) {
            LOG.info("Already indexed: {} (etag {})", doc.getEvent().key(), doc.getEvent().etag());
        }
        metrics.outcome(outcome, reason);
        metrics.documentDone(outcome, Duration.ofMillis(millis));
    }

    private static String endpoint(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return "";
        }
        int options = uri.indexOf('?');
        return uri.substring(PREFIX.length(), options < 0 ? uri.length() : options);
    }
}
