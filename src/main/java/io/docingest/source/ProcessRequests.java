package io.docingest.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileEvent;
import io.docingest.document.Status;
import io.docingest.status.StatusIndex;
import org.apache.camel.Exchange;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The original document processor's API (routes/sources/process-api.yaml): {@code POST /process}
 * with {@code {"record": {"document_id", "bucket", "key", "status", "file_type"}}}, as its
 * DynamoDB-stream function sends for a record whose status is {@code pending}. The object is
 * looked up (it must exist, in a bucket of {@code ingest.process-api.buckets}), recorded as
 * queued under the record's id, and announced on the queue like a landed file, with
 * {@code document_id} as the document's id, so {@code GET /status/{document_id}} follows it.
 * The record's {@code file_type} is not trusted: the pipeline tells the type from the bytes.
 */
public class ProcessRequests {

    /** The source its events are recorded under; the key prefixes do not apply to what was asked for by name. */
    public static final String SOURCE = FileEvent.PROCESS_API;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "ingestProcessEvent";
    private static final String PENDING = "pending";

    private final S3Client s3;
    private final StatusIndex status;
    private final Set<String> buckets;

    public ProcessRequests(S3Client s3, StatusIndex status, String buckets) {
        this.s3 = s3;
        this.status = status;
        this.buckets = Arrays.stream(buckets.split(",")).map(String::strip).filter(b -> !b.isEmpty()).collect(Collectors.toSet());
    }

    /** Reads and checks the record and finds its object; a bad record is the caller's error (400). */
    public void accept(Exchange exchange) throws IOException {
        String text = exchange.getMessage().getBody(String.class);
        JsonNode body;
        try {
            body = JSON.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        JsonNode record = body == null ? null : body.path("record");
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("expected {\"record\": {\"document_id\", \"bucket\", \"key\", \"status\", \"file_type\"}}");
        }
        String id = required(record, "document_id");
        if (!FileEvent.FILE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("document_id must be 1 to 128 letters, digits, '.', '_' or '-': " + id);
        }
        String bucket = required(record, "bucket");
        String key = required(record, "key");
        String state = record.path("status").asText(PENDING);
        if (!PENDING.equalsIgnoreCase(state)) {
            throw new IllegalArgumentException("record " + id + " has status '" + state + "': only pending records are processed");
        }
        if (!buckets.contains(bucket)) {
            throw new IllegalArgumentException("bucket '" + bucket + "' is not one of ingest.process-api.buckets");
        }
        HeadObjectResponse head;
        try {
            head = s3.headObject(h -> h.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException("no object s3://" + bucket + "/" + key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new IllegalArgumentException("no object s3://" + bucket + "/" + key);
            }
            throw e;
        }
        exchange.setProperty(EVENT, FileEvent.fromS3(bucket, key, head.contentLength(), head.eTag(), head.versionId(), null,
                Instant.now(), SOURCE).announcedWith(id, Map.of()));
    }

    /** Queued before it is announced: a worker that takes it at once finds the record there. */
    public void recordQueued(Exchange exchange) {
        status.queued(event(exchange));
    }

    /** For the queue: the event in the transformed shape, with the record's id and this source. */
    public String announcement(Exchange exchange) throws IOException {
        return JSON.writeValueAsString(event(exchange).transformedShape());
    }

    /** 202, and where to follow it. */
    public Map<String, Object> receipt(Exchange exchange) {
        FileEvent event = event(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("document_id", event.fileId());
        receipt.put("bucket", event.bucket());
        receipt.put("key", event.key());
        receipt.put("status", Status.QUEUED.label());
        receipt.put("status_url", "/status/" + event.fileId());
        return receipt;
    }

    private static FileEvent event(Exchange exchange) {
        return exchange.getProperty(EVENT, FileEvent.class);
    }

    private static String required(JsonNode record, String field) {
        String value = record.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("record lacks '" + field + "'");
        }
        return value.strip();
    }
}
