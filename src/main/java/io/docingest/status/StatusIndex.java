package io.docingest.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docingest.document.Failures;
import io.docingest.document.FileEvent;
import io.docingest.document.FileIds;
import io.docingest.document.IngestDocument;
import io.docingest.document.Status;
import io.docingest.document.PageCode;
import io.docingest.store.OptimisticWrites;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one owner of the status index, the record per file every worker of the fleet writes and any
 * can read: queued (an upload accepted), processing with pages done of total, then the outcome
 * (indexed, skipped, failed, superseded or deleted, with the reason). Nothing else reads or writes
 * it, so "what happened to this file?" and "is this version indexed already?" have one answer.
 *
 * <p>The record follows the newest version of its key (ARCHITECTURE.md, "Versions and
 * deletions"): a write for an older version than the one recorded never replaces it, and an
 * older version's outcome joins the record's {@code superseded} list instead. Writes are
 * conditional on what was read, so two workers cannot interleave. {@code completions} counts
 * how often the recorded version was indexed to the end: more than one is duplicated work.
 *
 * <p>Progress is best effort: a write that fails is logged and never fails the document. Outcomes
 * are not: a failed outcome write fails the exchange, and the message is redelivered.
 */
public class StatusIndex {

    private static final Logger LOG = LoggerFactory.getLogger(StatusIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Batches finish in any order on several threads: the count only ever goes up.
    // A record now about another version of the key is left as it is.
    private static final String RAISE_PAGES_DONE = "if (ctx._source.etag != params.etag) { ctx.op = 'noop'; return; }"
            + " if (ctx._source.pages_done == null || ctx._source.pages_done < params.done)"
            + " { ctx._source.pages_done = params.done; } ctx._source.pages_total = params.total;"
            + " ctx._source.updated_at = params.now;";
    private static final String NOTE_RETRY = "if (ctx._source.etag != params.etag) { ctx.op = 'noop'; return; }"
            + " ctx._source.reason = params.reason; ctx._source.retried_at = params.now; ctx._source.updated_at = params.now;";
    /** Older versions' outcomes kept on a record: enough to see a burst of overwrites, bounded for a key rewritten all day. */
    private static final int HISTORY = 20;
    /** Conditional writes that lost to another worker are read and tried again; this many means something is wrong. */
    private static final int ATTEMPTS = 10;

    private final RestClient client;
    private final OptimisticWrites writes;
    private final String statusIndex;
    private final String fileIndex;
    private final String workerId;
    private final long progressIntervalNanos;
    private final String pipelineVersion;

    public StatusIndex(RestClient client, String statusIndex, String fileIndex, String workerId, long progressIntervalMillis,
                       String pipelineVersion) {
        this.pipelineVersion = pipelineVersion;
        this.client = client;
        this.writes = new OptimisticWrites(client);
        this.statusIndex = statusIndex;
        this.fileIndex = fileIndex;
        this.workerId = workerId;
        this.progressIntervalNanos = progressIntervalMillis * 1_000_000;
    }

    /** Only creates: a later state ("processing", "indexed") is never set back to "queued". */
    public void queued(FileEvent event) {
        String keyId = FileIds.fileId(event.key());
        Request create = new Request("PUT", "/" + statusIndex + "/_create/" + keyId);
        create.addParameter("ignore", "409");
        bestEffort(create, record(event.fileId() == null ? keyId : event.fileId(), event, Status.QUEUED));
    }

    /**
     * Starts the document an event is about. Its id is the one its message gave ({@code fileId}),
     * else the one the key's status record names (a key first indexed under a given id keeps it
     * for its later versions and its deletion, which S3 announces without one), else the MD5 of
     * the key. When the message names another id than the recorded one, the document under the
     * recorded id is the one replaced. The record stays on the document: the checks that follow at
     * once (superseded? indexed already?) read it there instead of asking the index again.
     */
    public IngestDocument start(FileEvent event) throws IOException {
        String keyId = FileIds.fileId(event.key());
        JsonNode record = find(keyId);
        String recorded = record == null ? null : record.path("file_id").asText(null);
        if (recorded != null && !FileEvent.FILE_ID.matcher(recorded).matches()) {
            recorded = null;
        }
        IngestDocument doc = new IngestDocument(event, event.fileId() != null ? event.fileId() : recorded != null ? recorded : keyId);
        doc.setRecordedStatus(record);
        if (recorded != null && !recorded.equals(doc.getFileId())) {
            doc.setReplacedFileId(recorded);
        }
        return doc;
    }

    public void processing(IngestDocument doc) {
        Map<String, Object> record = record(doc.getFileId(), doc.getEvent(), Status.PROCESSING);
        record.put("pages_done", 0);
        record.put("pages_total", 0);
        record.put("started_at", Instant.now().toString());
        try {
            write(doc, record, false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Status not recorded (processing {}): {}", doc.getFileId(), e.getMessage());
        }
    }

    /** Progress, at most once per progress interval per document: a born-digital page takes a millisecond, a write ten. */
    public void pagesDone(IngestDocument doc, int done) {
        if (!doc.progressDue(progressIntervalNanos)) {
            return;
        }
        Request update = new Request("POST", "/" + statusIndex + "/_update/" + doc.getKeyId());
        update.addParameter("retry_on_conflict", "5");
        Map<String, Object> params = Map.of("done", done, "total", doc.getPageCount(), "now", Instant.now().toString(),
                "etag", String.valueOf(doc.getEvent().etag()));
        bestEffort(update, Map.of("script", Map.of("source", RAISE_PAGES_DONE, "lang", "painless", "params", params)));
    }

    /**
     * A transient failure handed the document back to its source, to be worked on again: the record
     * (of this version; best effort) says why, so a document that keeps coming back shows its cause.
     */
    public void retrying(IngestDocument doc, String reason) {
        Request update = new Request("POST", "/" + statusIndex + "/_update/" + doc.getKeyId());
        update.addParameter("retry_on_conflict", "5");
        Map<String, Object> params = Map.of("reason", "retrying: " + reason, "now", Instant.now().toString(),
                "etag", String.valueOf(doc.getEvent().etag()));
        bestEffort(update, Map.of("script", Map.of("source", NOTE_RETRY, "lang", "painless", "params", params)));
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
        JsonNode record = doc.getRecordedStatus();
        if (record == null || !Status.INDEXED.label().equals(record.path("status").asText())
                || !etag.equals(record.path("etag").asText()) || !doc.getEvent().bucket().equals(record.path("bucket").asText())
                || !pipelineVersion.equals(record.path("pipeline_version").asText())) {
            return false;
        }
        JsonNode file = find(record.path("index").asText(fileIndex), record.path("index_id").asText(doc.getFileId()));
        return file != null && etag.equals(file.path("etag").asText()) && pipelineVersion.equals(file.path("pipeline_version").asText());
    }

    /**
     * Whether a newer version of the key, or its deletion, is recorded already: then this event's
     * work is dropped before the fetch (a queue delivers out of order; a re-drive brings back old
     * events). Judged from the record read as the document started ({@link #start}); after the file
     * document is written, {@link #isDeletedAfter} reads it again.
     */
    public boolean isSuperseded(IngestDocument doc) {
        return supersedes(doc.getRecordedStatus(), doc);
    }

    /** Whether the key's deletion is recorded, later than this version: asked after the file document is written. */
    public boolean isDeletedAfter(IngestDocument doc) throws IOException {
        JsonNode record = find(doc.getKeyId());
        return record != null && Status.DELETED.label().equals(record.path("status").asText()) && supersedes(record, doc);
    }

    /** Whether {@code record} is about a newer version than the document's; if so, the document says why. */
    private static boolean supersedes(JsonNode record, IngestDocument doc) {
        if (record == null || !doc.getEvent().isOlderThan(record)) {
            return false;
        }
        doc.setSupersededBy(Status.DELETED.label().equals(record.path("status").asText())
                ? "the object was deleted after this version (" + versionOf(record) + ")"
                : "a newer version is recorded (etag " + record.path("etag").asText() + ", " + versionOf(record) + ", "
                        + record.path("status").asText() + ")");
        return true;
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
        List<Map<String, Object>> codes = PageCode.fields(doc.getPages());
        if (!codes.isEmpty()) {
            record.put("codes", codes);
        }
        write(doc, record, true);
    }

    /** A newer version or a deletion came first ({@link IngestDocument#getSupersededBy()} says which): nothing of this version stays. */
    public void superseded(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        write(doc, outcome(doc, Status.SUPERSEDED, doc.getSupersededBy()), false);
    }

    /**
     * The deletion's record, written before its documents are removed: a slower worker still on
     * an older version finds it and drops its work (or removes what it wrote just before).
     */
    public void deleted(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        write(doc, outcome(doc, Status.DELETED, null), false);
    }

    /**
     * Whether the document's version is the newest its key's record knows: no newer version has
     * been recorded (as processing or done) since its event.
     */
    public boolean isLatest(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        OptimisticWrites.Stored current = writes.read(statusIndex, doc.getKeyId());
        return !doc.getEvent().isOlderThan(current == null ? null : current.source());
    }

    public void skipped(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc,
                        @Header(IngestDocument.SKIP_REASON) String reason) throws IOException {
        write(doc, outcome(doc, Status.SKIPPED, reason), false);
    }

    public void failed(Exchange exchange) throws IOException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Throwable cause = Failures.reason(exchange);
        write(doc, outcome(doc, Status.FAILED, cause == null ? "unknown" : Failures.describe(cause)), false);
    }

    /** The status a file's record says (its label), or null when it has none. */
    public String recordedStatus(String fileId) throws IOException {
        JsonNode record = find(fileId);
        return record == null ? null : record.path("status").asText(null);
    }

    /**
     * Uploads recorded as queued before {@code before} and still queued: their worker may have
     * stopped between storing and announcing them (the first 1,000, oldest first).
     */
    public List<FileEvent> staleQueued(String source, Instant before) throws IOException {
        ObjectNode query = JSON.createObjectNode();
        query.put("size", 1000);
        query.putArray("sort").addObject().put("updated_at", "asc");
        ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("status", Status.QUEUED.label());
        filter.addObject().putObject("term").put("source", source);
        filter.addObject().putObject("range").putObject("updated_at").put("lt", before.toString());
        List<FileEvent> stale = new ArrayList<>();
        for (JsonNode hit : search(query)) {
            JsonNode record = hit.path("_source");
            String time = record.path("event_time").asText("");
            stale.add(FileEvent.fromS3(record.path("bucket").asText(), record.path("s3_key").asText(), null, null, null, null,
                    time.isBlank() ? null : Instant.parse(time), source));
        }
        return stale;
    }

    /**
     * Claims a stale upload for announcing again: true when its record is still queued and not
     * touched since {@code staleBefore}, and now says so (so the next sweep leaves it a while).
     * The sweep's search sees the index as of its last refresh, so two sweeps a second apart can
     * both find the record stale; the update reads the record itself, and only one claim wins.
     */
    public boolean claimReannouncement(FileEvent upload, Instant staleBefore) throws IOException {
        Request update = new Request("POST", "/" + statusIndex + "/_update/" + FileIds.fileId(upload.key()));
        update.addParameter("retry_on_conflict", "5");
        Map<String, Object> params = Map.of("now", Instant.now().toString(), "before", staleBefore.toEpochMilli());
        update.setJsonEntity(JSON.writeValueAsString(Map.of("script", Map.of("lang", "painless", "params", params,
                "source", "if (ctx._source.status != 'queued'"
                        + " || Instant.parse(ctx._source.updated_at).toEpochMilli() >= params.before) { ctx.op = 'noop'; return; }"
                        + " ctx._source.updated_at = params.now; ctx._source.reason = 'announced again: its worker stopped before announcing it';"))));
        JsonNode answer = JSON.readTree(client.performRequest(update).getEntity().getContent());
        return "updated".equals(answer.path("result").asText());
    }

    /** A stale upload whose object never arrived: failed, so that the client's retry takes it again. */
    public void uploadLost(FileEvent upload, String reason) throws IOException {
        IngestDocument doc = new IngestDocument(upload, FileIds.fileId(upload.key()));
        write(doc, outcome(doc, Status.FAILED, reason), false);
    }

    /**
     * The keys a source's files were recorded under, apart from those deleted or superseded, in
     * key order, a page at a time ({@code search_after}): what a folder source compares with its
     * share to find files deleted from it.
     */
    public List<String> keysOf(String source) throws IOException {
        List<String> keys = new ArrayList<>();
        String after = null;
        while (true) {
            ObjectNode query = JSON.createObjectNode();
            query.put("size", 1000);
            query.putArray("_source").add("s3_key");
            query.putArray("sort").addObject().put("s3_key", "asc");
            ObjectNode bool = query.putObject("query").putObject("bool");
            bool.putArray("filter").addObject().putObject("term").put("source", source);
            bool.putArray("must_not").addObject().putObject("terms").putArray("status")
                    .add(Status.DELETED.label()).add(Status.SUPERSEDED.label());
            if (after != null) {
                query.putArray("search_after").add(after);
            }
            JsonNode hits = search(query);
            if (hits.isEmpty()) {
                return keys;
            }
            for (JsonNode hit : hits) {
                keys.add(hit.path("_source").path("s3_key").asText());
            }
            after = keys.get(keys.size() - 1);
        }
    }

    /**
     * {@code GET /status/{id}} (a document's id: the MD5 of its key, or the id its message gave) or
     * {@code GET /status?key=...}: the record (codes found included), or 404; with
     * {@code ?include=text}, an indexed document's text too (read from its file document).
     */
    public Map<String, Object> answer(@Header("id") String id, @Header("key") String key, @Header("include") String include,
                                      Exchange exchange) throws IOException {
        String wanted = id != null && !id.isBlank() ? id : key == null ? "" : FileIds.fileId(key);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", wanted);
        JsonNode record = FileEvent.FILE_ID.matcher(wanted).matches() ? recordOf(wanted) : null;
        if (record == null) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            answer.put("status", "unknown");
            return answer;
        }
        record.fields().forEachRemaining(field -> answer.putIfAbsent(field.getKey(), JSON.convertValue(field.getValue(), Object.class)));
        answer.put("id", record.path("file_id").asText(wanted));
        answer.remove("file_id");
        if (include != null && Arrays.asList(include.split(",")).contains("text") && record.hasNonNull("index_id")
                && Status.INDEXED.label().equals(record.path("status").asText())) {
            JsonNode file = find(record.path("index").asText(fileIndex), record.path("index_id").asText());
            answer.put("text", file == null ? null : file.path("content").asText(null));
        }
        return answer;
    }

    /** The record under a key's id, or the one naming a document id a message gave. */
    private JsonNode recordOf(String id) throws IOException {
        JsonNode record = find(id);
        if (record != null) {
            return record;
        }
        ObjectNode query = JSON.createObjectNode();
        query.put("size", 1);
        query.putObject("query").putObject("term").put("file_id", id);
        // The search finds the key; its record is read by id, which is real-time where a search is not.
        query.putArray("_source");
        JsonNode hits = search(query);
        if (hits.isEmpty()) {
            // A record written in the last second is not searchable yet (a document just posted
            // to /process): a refresh makes it so. Only a miss pays for it.
            Request refresh = new Request("POST", "/" + statusIndex + "/_refresh");
            refresh.addParameter("ignore_unavailable", "true");
            client.performRequest(refresh);
            hits = search(query);
        }
        return hits.isEmpty() ? null : find(hits.get(0).path("_id").asText());
    }

    private JsonNode find(String fileId) throws IOException {
        return find(statusIndex, fileId);
    }

    private static String versionOf(JsonNode record) {
        return record.path("sequencer").asText("").isBlank() ? "event time " + record.path("event_time").asText()
                : "sequencer " + record.path("sequencer").asText();
    }

    /** The hits of a search of the status index (none while the index does not exist yet). */
    private JsonNode search(ObjectNode query) throws IOException {
        Request search = new Request("POST", "/" + statusIndex + "/_search");
        search.addParameter("ignore_unavailable", "true");
        search.setJsonEntity(JSON.writeValueAsString(query));
        return JSON.readTree(client.performRequest(search).getEntity().getContent()).path("hits").path("hits");
    }

    /** A document's source by id, or null when the index or the document is not there. */
    private JsonNode find(String index, String id) throws IOException {
        OptimisticWrites.Stored stored = writes.read(index, id);
        return stored == null ? null : stored.source();
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
        record.putAll(event.versionFields());
        record.put("status", status.label());
        record.put("source", event.source());
        record.put("worker_id", workerId);
        record.put("updated_at", Instant.now().toString());
        return record;
    }

    /**
     * Writes the record unless the one stored is about a newer version: then this version's state,
     * if it is an outcome, joins that record's {@code superseded} list. A completed write of the
     * same version as stored adds one to {@code completions}.
     */
    private void write(IngestDocument doc, Map<String, Object> record, boolean completes) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OptimisticWrites.Stored current = writes.read(statusIndex, doc.getKeyId());
            JsonNode stored = current == null ? null : current.source();
            Object written;
            if (doc.getEvent().isOlderThan(stored)) {
                if (Status.PROCESSING.label().equals(record.get("status"))) {
                    return;
                }
                ObjectNode kept = stored.deepCopy();
                kept.set("superseded", history(stored, historyEntry(JSON.valueToTree(record))));
                written = kept;
            } else {
                if (stored != null) {
                    carryOver(stored, record, completes);
                } else if (completes) {
                    record.put("completions", 1);
                }
                written = record;
            }
            if (writes.write(statusIndex, doc.getKeyId(), written, current)) {
                return;
            }
        }
        throw new IllegalStateException("status record " + doc.getKeyId() + " kept changing under " + ATTEMPTS + " writes");
    }

    /**
     * What a record takes from the one it replaces: the older versions' outcomes (the replaced
     * record among them, when it was another version's outcome) and, for the same version, the
     * count of completions.
     */
    private static void carryOver(JsonNode stored, Map<String, Object> record, boolean completes) {
        ArrayNode superseded = stored.path("superseded").isArray() ? (ArrayNode) stored.get("superseded").deepCopy()
                : JSON.createArrayNode();
        boolean sameVersion = String.valueOf(record.get("etag")).equals(stored.path("etag").asText("null"));
        String storedStatus = stored.path("status").asText();
        if (!sameVersion && !Status.PROCESSING.label().equals(storedStatus) && !Status.QUEUED.label().equals(storedStatus)) {
            superseded = history(superseded, historyEntry(stored));
        }
        if (!superseded.isEmpty()) {
            record.put("superseded", superseded);
        }
        int completions = sameVersion ? stored.path("completions").asInt(0) : 0;
        record.put("completions", completes ? completions + 1 : completions);
    }

    private static ArrayNode history(JsonNode stored, JsonNode entry) {
        ArrayNode list = stored.isArray() ? (ArrayNode) stored.deepCopy()
                : stored.path("superseded").isArray() ? (ArrayNode) stored.get("superseded").deepCopy() : JSON.createArrayNode();
        list.add(entry);
        while (list.size() > HISTORY) {
            list.remove(0);
        }
        return list;
    }

    private static ObjectNode historyEntry(JsonNode record) {
        ObjectNode entry = JSON.createObjectNode();
        for (String field : List.of("etag", "sequencer", "event_time", "status", "reason", "worker_id", "updated_at")) {
            if (record.hasNonNull(field)) {
                entry.set(field, record.get(field));
            }
        }
        return entry;
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
