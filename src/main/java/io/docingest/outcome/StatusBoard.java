package io.docingest.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.IngestDocument;
import io.docingest.extract.PageText;
import io.docingest.source.FileEvent;
import io.docingest.source.FileIds;
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
import java.util.List;
import java.util.Map;

/**
 * Where each file is, in the status index every worker of the fleet writes and any can read:
 * queued (an upload accepted), processing with pages done of total, then the outcome that
 * {@link OutcomeRecords} writes (indexed, skipped, failed). Progress is best effort: a status
 * write that fails is logged and never fails the document.
 */
public class StatusBoard {

    public static final String QUEUED = "queued";
    public static final String PROCESSING = "processing";

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Batches finish in any order on several threads: the count only ever goes up.
    private static final String RAISE_PAGES_DONE = "if (ctx._source.pages_done == null || ctx._source.pages_done < params.done)"
            + " { ctx._source.pages_done = params.done; } ctx._source.pages_total = params.total;"
            + " ctx._source.updated_at = params.now;";

    private final RestClient client;
    private final String statusIndex;
    private final String workerId;
    private final long progressIntervalNanos;

    public StatusBoard(RestClient client, String statusIndex, String workerId, long progressIntervalMillis) {
        this.client = client;
        this.statusIndex = statusIndex;
        this.workerId = workerId;
        this.progressIntervalNanos = progressIntervalMillis * 1_000_000;
    }

    /** Only creates: a later state ("processing", "indexed") is never set back to "queued". */
    public void queued(FileEvent event) {
        String fileId = FileIds.fileId(event.key());
        Map<String, Object> record = record(fileId, event, QUEUED, workerId);
        Request create = new Request("PUT", "/" + statusIndex + "/_create/" + fileId);
        create.addParameter("ignore", "409");
        send(create, record);
    }

    public void started(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        Map<String, Object> record = record(doc.getFileId(), doc.getEvent(), PROCESSING, workerId);
        record.put("pages_done", 0);
        record.put("pages_total", 0);
        record.put("started_at", Instant.now().toString());
        put(doc.getFileId(), record);
    }

    /** Progress, at most once per progress interval per document: a born-digital page takes a millisecond, a write ten. */
    public void pagesDone(List<PageText> batch, @ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        int done = doc.addPagesDone(batch.size());
        if (!doc.progressDue(progressIntervalNanos)) {
            return;
        }
        Request update = new Request("POST", "/" + statusIndex + "/_update/" + doc.getFileId());
        update.addParameter("retry_on_conflict", "5");
        Map<String, Object> params = Map.of("done", done, "total", doc.getPageCount(), "now", Instant.now().toString());
        send(update, Map.of("script", Map.of("source", RAISE_PAGES_DONE, "lang", "painless", "params", params)));
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
        Request get = new Request("GET", "/" + statusIndex + "/_doc/" + fileId);
        get.addParameter("ignore", "404");
        Response response = client.performRequest(get);
        if (response.getStatusLine().getStatusCode() == 404) {
            return null;
        }
        JsonNode source = JSON.readTree(response.getEntity().getContent()).path("_source");
        return source.isMissingNode() ? null : source;
    }

    /** The fields every record of the status index has; callers add what their state knows. */
    static Map<String, Object> record(String fileId, FileEvent event, String status, String workerId) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("file_id", fileId);
        record.put("bucket", event.bucket());
        record.put("s3_key", event.key());
        record.put("etag", event.etag());
        record.put("status", status);
        record.put("source", event.source());
        record.put("worker_id", workerId);
        record.put("updated_at", Instant.now().toString());
        return record;
    }

    private void put(String fileId, Map<String, Object> record) {
        send(new Request("PUT", "/" + statusIndex + "/_doc/" + fileId), record);
    }

    private void send(Request request, Object body) {
        try {
            request.setJsonEntity(JSON.writeValueAsString(body));
            client.performRequest(request);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Status not recorded ({} {}): {}", request.getMethod(), request.getEndpoint(), e.getMessage());
        }
    }
}
