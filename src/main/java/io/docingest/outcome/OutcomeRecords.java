package io.docingest.outcome;

import io.docingest.IngestDocument;
import io.docingest.detect.FileType;
import io.docingest.metrics.IngestMetrics;
import io.docingest.detect.FileTypeDetector;
import io.docingest.index.IndexRequests;
import org.apache.camel.Exchange;

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
    private final String fileIndex;
    private final String workerId;
    private final IngestMetrics metrics;

    public OutcomeRecords(String statusIndex, String fileIndex, String workerId, IngestMetrics metrics) {
        this.statusIndex = statusIndex;
        this.fileIndex = fileIndex;
        this.workerId = workerId;
        this.metrics = metrics;
    }

    public Map<String, Object> indexed(Exchange exchange) {
        metrics.outcome(INDEXED, "");
        Map<String, Object> record = record(exchange, INDEXED, null);
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        record.put("index", doc.getOptions().fileIndex(fileIndex));
        record.put("index_id", record.get("file_id"));
        return record;
    }

    public Map<String, Object> skipped(Exchange exchange) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        metrics.outcome(SKIPPED, doc.getType() == FileType.UNSUPPORTED ? "unsupported-type" : "outside-key-prefix");
        return record(exchange, SKIPPED, exchange.getMessage().getHeader(FileTypeDetector.SKIP_REASON, String.class));
    }

    public Map<String, Object> failed(Exchange exchange) {
        Throwable cause = DeadLetterEnvelope.reason(exchange);
        metrics.outcome(FAILED, cause == null ? "unknown" : cause.getClass().getSimpleName());
        return record(exchange, FAILED, cause == null ? "unknown" : DeadLetterEnvelope.describe(cause));
    }

    private Map<String, Object> record(Exchange exchange, String status, String reason) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        doc.setOutcome(status);
        Map<String, Object> record = StatusBoard.record(doc.getFileId(), doc.getEvent(), status, workerId);
        if (reason != null) {
            record.put("reason", reason);
        }
        if (doc.getPageCount() > 0) {
            record.put("pages_total", doc.getPageCount());
            record.put("pages_done", doc.addPagesDone(0));
        }
        exchange.getMessage().setHeader(IndexRequests.INDEX_NAME, statusIndex);
        exchange.getMessage().setHeader(IndexRequests.INDEX_ID, doc.getFileId());
        return record;
    }
}
