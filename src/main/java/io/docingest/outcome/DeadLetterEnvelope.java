package io.docingest.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docingest.document.Failures;
import io.docingest.document.IngestDocument;
import io.docingest.document.PermanentFailureException;
import org.apache.camel.Exchange;

import java.time.Instant;

/**
 * The JSON a parked message carries in the dead-letter queue: the event in the
 * transformed-EventBridge shape the SQS source reads (so re-driving it is sending it back), the
 * original queue message, and why it was parked: error class, message, attempts, worker, time.
 * Credentials never appear: only the event and the exception's message are copied.
 */
public class DeadLetterEnvelope {

    /** Exchange property the SQS source sets to the message body as received. */
    public static final String ORIGINAL_MESSAGE = "ingestOriginalMessage";

    private final ObjectMapper json;
    private final String workerId;

    public DeadLetterEnvelope(ObjectMapper json, String workerId) {
        this.json = json;
        this.workerId = workerId;
    }

    public String build(Exchange exchange) {
        Throwable cause = Failures.reason(exchange);
        ObjectNode envelope = json.createObjectNode();
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        if (doc != null) {
            envelope.set("event", json.valueToTree(doc.getEvent().transformedShape()));
            envelope.put("file_id", doc.getFileId());
        }
        envelope.put("original_message", exchange.getProperty(ORIGINAL_MESSAGE, String.class));
        ObjectNode error = envelope.putObject("error");
        error.put("kind", cause instanceof PermanentFailureException ? "permanent" : "transient");
        error.put("class", cause == null ? null : cause.getClass().getName());
        error.put("message", cause == null ? null : Failures.describe(cause));
        error.put("attempts", 1 + exchange.getProperty(AttemptCounter.REDELIVERIES, 0, Integer.class));
        envelope.put("worker_id", workerId);
        envelope.put("failed_at", Instant.now().toString());
        return envelope.toString();
    }
}
