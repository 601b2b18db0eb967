package io.docingest.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.Failures;
import io.docingest.document.FileEvent;
import io.docingest.document.FileIds;
import io.docingest.document.IngestDocument;
import io.docingest.document.Status;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one owner of the status index, the record per file every worker of the fleet writes and any
 * can read: queued (an upload accepted), processing with pages done of total, then the outcome
 * (indexed, skipped or failed, with the reason). Nothing else reads or writes it, so "what happened
 * to this file?" and "is this version indexed already?" have one answer.
 *
 * <p>Progress is best effort: a write that fails is logged and never fails the document. Outcomes
 * are not: a failed outcome write fails the exchange, and the message is redelivered.
 */
public class StatusIndex {

    private static final Logger LOG = LoggerFactory.getLogger(StatusIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Batches finish in any order on several threads: the count only ever goes up.
    private static final String RAISE_PAGES_DONE = "if (ctx._source.pages_done == null || ctx._source.pages_done < params.done)"
            + " { ctx._source.pages_done = params.done; } ctx._source.pages_total = params.total;"
            + " ctx._source.updated_at = params.now;";

    private final RestClient client;
    private final String statusIndex;
    private final String fileIndex;
    private final String workerId;
    private final long progressIntervalNanos;
    private final String pipelineVersion;

    public StatusIndex(RestClient client, String statusIndex, String fileIndex, String workerId, long progressIntervalMillis,
                       String pipelineVersion) {
        this.pipelineVersion = pipelineVersion;
        this.client = client;
        this.statusIndex = statusIndex;
        this.fileIndex = fileIndex;
        this.workerId = workerId;
        this.progressIntervalNanos = progressIntervalMillis * 1_000_000;
    }

    /** Only creates: a later state ("processing", "indexed") is never set back to "queued". */
    public void queued(FileEvent event) {
        String fileId = FileIds.fileId(event.key());
        Request create = new Request("PUT", "/" + statusIndex + "/_create/" + fileId);
        create.addParameter("ignore", "409");
        bestEffort(create, record(fileId, event, Status.QUEUED));
    }

    public void processing(IngestDocument doc) {
        Map<String, Object> record = record(doc.getFileId(), doc.getEvent(), Status.PROCESSING);
        record.put("pages_done", 0);
        record.put("pages_total", 0);
        record.put("started_at", Instant.now().toString());
        bestEffort(new Request("PUT", "/" + statusIndex + "/_doc/" + doc.getFileId()), record);
    }

    /** Progress, at most once per progress interval per document: a born-digital page takes a millisecond, a write ten. */
    public void pagesDone(IngestDocument doc, int done) {
        if (!doc.progressDue(progressIntervalNanos)) {
            return;
        }
        Request update = new Request("POST", "/" + statusIndex + "/_update/" + doc.getFileId());
        update.addParameter("retry_on_conflict", "5");
        Map<String, Object> params = Map.of("done", done, "total", doc.getPageCount(), "now", Instant.now().toString());
        bestEffort(update, Map.of("script", Map.of("source", RAISE_PAGES_DONE, "lang", "painless", "params", params)));
    }

    /**
     * The idempotency check: has this exact version of the object (bucket, key, etag) been indexed
     * by this pipeline version (ingest.pipeline-version: a release that reads documents better
     * raises it, and every document is worked on again as its events come)? The status record
     * must say so, and the file document it names must exist with that etag and version: after a
     * restore of the file index from a snapshot, or a reindex, a document the index lost is worked
     * on again. A redelivered or duplicated event costs two lookups instead of a document's OCR.
     * Events without an etag cannot be told apart and are processed (deterministic ids keep that
     * safe), and so are events marked to be reprocessed (a forced back-fill, a re-drive).
     */
    public boolean isIndexed(IngestDocument doc) throws IOException {
        String etag = doc.getEvent().etag();
        if (etag == null || etag.isBlank() || doc.getEvent().reprocess()) {
            return false;
        }
        JsonNode record = find(statusIndex, doc.getFileId());
        if (record == null || !Status.INDEXED.label().equals(record.path("status").asText())
                || !etag.equals(record.path("etag").asText()) || !doc.getEvent().bucket().equals(record.path("bucket").asText())
                || !pipelineVersion.equals(record.path("pipeline_version").asText())) {
            return false;
        }
        JsonNode file = find(record.path("index").asText(fileIndex), record.path("index_id").asText(doc.getFileId()));
        return file != null && etag.equals(file.path("etag").asText()) && pipelineVersion.equals(file.path("pipeline_version").asText());
    }

    /** This version is indexed already: acknowledged without work, and nothing written. */
    public void acknowledgeIndexed(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        doc.setOutcome(Status.ALREADY_INDEXED);
    }

    public void indexed(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        Map<String, Object> record = outcome(doc, Status.INDEXED, null);
        record.put("index", doc.getOptions().fileIndex(fileIndex));
        record.put("index_id", doc.getFileId());
        record.put("pipeline_version", pipelineVersion);
        if (doc.getRepaired() != null) {
            record.put("repaired", doc.getRepaired());
        }
        write(doc, record);
    }

    public void skipped(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc,
                        @Header(IngestDocument.SKIP_REASON) String reason) throws IOException {
        write(doc, outcome(doc, Status.SKIPPED, reason));
    }

    public void failed(Exchange exchange) throws IOException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Throwable cause = Failures.reason(exchange);
        write(doc, outcome(doc, Status.FAILED, cause == null ? "unknown" : Failures.describe(cause)));
    }

    /** {@code GET /status/{id}} (a file id) or {@code GET /status?key=...}: the record, or 404. */
    public Map<String, Object> answer(@Header("id") String id, @Header("key") String key, Exchange exchange) throws IOException {
        String fileId = id != null && !id.isBlank() ? id : key == null ? "" : FileIds.fileId(key);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", fileId);
        JsonNode record = fileId.matches("[0-9a-f]{32}") ? find(fileId) : null;
        if (record == null) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            answer.put("status", "unknown");
            return answer;
        }
        record.fields().forEachRemaining(field -> answer.putIfAbsent(field.getKey(), JSON.convertValue(field.getValue(), Object.class)));
        answer.remove("file_id");
        return answer;
    }

    private JsonNode find(String fileId) throws IOException {
        return find(statusIndex, fileId);
    }

    /** A document's source by id, or null when the index or the document is not there. */
    private JsonNode find(String index, String id) throws IOException {
        Request get = new Request("GET", "/" + index + "/_doc/" + id);
        get.addParameter("ignore", "404");
        Response response = client.performRequest(get);
        if (response.getStatusLine().getStatusCode() == 404) {
            return null;
        }
        JsonNode source = JSON.readTree(response.getEntity().getContent()).path("_source");
        return source.isMissingNode() ? null : source;
    }

    /** The outcome is the document's before it is written: a failed write still leaves it known to this worker. */
    private Map<String, Object> outcome(IngestDocument doc, Status status, String reason) {
        doc.setOutcome(status);
        Map<String, Object> record = record(doc.getFileId(), doc.getEvent(), status);
        if (reason != null) {
            record.put("reason", reason);
        }
        if (doc.getPageCount() > 0) {
            record.put("pages_total", doc.getPageCount());
            record.put("pages_done", doc.addPagesDone(0));
        }
        return record;
    }

    /** The fields every record has; each state adds what it knows. */
    private Map<String, Object> record(String fileId, FileEvent event, Status status) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("file_id", fileId);
        record.put("bucket", event.bucket());
        record.put("s3_key", event.key());
        record.put("etag", event.etag());
        record.put("status", status.label());
        record.put("source", event.source());
        record.put("worker_id", workerId);
        record.put("updated_at", Instant.now().toString());
        return record;
    }

    private void write(IngestDocument doc, Map<String, Object> record) throws IOException {
        Request put = new Request("PUT", "/" + statusIndex + "/_doc/" + doc.getFileId());
        put.setJsonEntity(JSON.writeValueAsString(record));
        client.performRequest(put);
    }

    private void bestEffort(Request request, Object body) {
        try {
            request.setJsonEntity(JSON.writeValueAsString(body));
            client.performRequest(request);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Status not recorded ({} {}): {}", request.getMethod(), request.getEndpoint(), e.getMessage());
        }
    }
}
