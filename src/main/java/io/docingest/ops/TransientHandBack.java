package io.docingest.ops;

import io.docingest.document.Failures;
import io.docingest.document.IngestDocument;
import io.docingest.document.PermanentFailureException;
import io.docingest.metrics.IngestMetrics;
import io.docingest.status.StatusIndex;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * A transient failure never parks a message while it is young: an outage of OpenSearch, S3 or
 * Bedrock lasts as long as it lasts, and a person should not have to re-drive the whole queue
 * after it. Until {@code ingest.retry.transient.give-up-after-hours} after the message was sent,
 * a document whose redeliveries ran out goes back to its source instead (routes/errors.yaml,
 * direct:park). Past that age it is parked like any failure, and the queue's redrive policy
 * stays the backstop for a message that kills workers.
 */
public class TransientHandBack {

    private static final Logger LOG = LoggerFactory.getLogger(TransientHandBack.class);

    private final InFlightMessages inFlight;
    private final IngestMetrics metrics;
    private final StatusIndex status;
    private final Duration giveUpAfter;
    private final int delaySeconds;

    public TransientHandBack(InFlightMessages inFlight, IngestMetrics metrics, StatusIndex status, Duration giveUpAfter,
                             int delaySeconds) {
        this.inFlight = inFlight;
        this.status = status;
        this.metrics = metrics;
        this.giveUpAfter = giveUpAfter;
        this.delaySeconds = delaySeconds;
    }

    /** A transient cause, and the message younger than the limit (a file on a share has no age). */
    public boolean applies(Exchange exchange) {
        if (Failures.reason(exchange) instanceof PermanentFailureException) {
            return false;
        }
        Instant sent = inFlight.sentAt(exchange);
        return sent == null || Duration.between(sent, Instant.now()).compareTo(giveUpAfter) < 0;
    }

    /** The failure is parked, not handed back: errors.yaml handles (ends) only those. */
    public boolean parks(Exchange exchange) {
        return !applies(exchange);
    }

    /**
     * Back to the source: an SQS message visible again after the delay. errors.yaml leaves the
     * failure unhandled ({@link #parks}), so the source does not acknowledge it.
     */
    public void handBack(Exchange exchange) {
        Throwable cause = Failures.reason(exchange);
        boolean queued = inFlight.release(exchange, delaySeconds);
        metrics.handedBack(cause);
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        LOG.warn("Handed {} back{}: {}", doc == null ? "a message" : doc.getEvent().key(),
                queued ? " to its queue for " + delaySeconds + " s" : " to its source", Failures.describe(cause));
        if (doc != null && doc.isStarted()) {
            status.retrying(doc, Failures.describe(cause));
        }
    }
}
