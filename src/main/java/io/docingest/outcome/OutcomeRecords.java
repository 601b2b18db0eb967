package io.docingest.outcome;

import io.docingest.IngestDocument;
import io.docingest.detect.FileTypeDetector;
import io.docingest.index.IndexRequests;
import io.docingest.source.FileEvent;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record per file in the status index: indexed, skipped (with the reason) or failed (with the
 * reason and where the message was parked). Every worker of the fleet writes it and any can answer
 * "what happened to this file?", so nothing ends silently.
 */
public class OutcomeRecords {

    public static final String INDEXED = "indexed";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    private final String statusIndex;
    private final String workerId;

    public OutcomeRecords(String statusIndex, String workerId) {
        this.statusIndex = statusIndex;
        this.workerId = workerId;
    }

    public Map<String, Object> indexed(Exchange exchange) {
        return record(exchange, INDEXED, null);
    }

    public Map<String, Object> skipped(Exchange exchange) {
        return record(exchange, SKIPPED, exchange.getMessage().getHeader(FileTypeDetector.SKIP_REASON, String.class));
    }

    public Map<String, Object> failed(Exchange exchange) {
        Throwable cause = DeadLetterEnvelope.reason(exchange);
        return record(exchange, FAILED, cause == null ? "unknown" : DeadLetterEnvelope.describe(cause));
    }

    private Map<String, Object> record(Exchange exchange, String status, String reason) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        FileEvent event = doc.getEvent();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("file_id", doc.getFileId());
        record.put("bucket", event.bucket());
        record.put("s3_key", event.key());
        record.put("etag", event.etag());
        record.put("status", status);
        if (reason != null) {
            record.put("reason", reason);
        }
        record.put("worker_id", workerId);
        record.put("updated_at", Instant.now().toString());
        exchange.getMessage().setHeader(IndexRequests.INDEX_NAME, statusIndex);
        exchange.getMessage().setHeader(IndexRequests.INDEX_ID, doc.getFileId());
        return record;
    }
}
