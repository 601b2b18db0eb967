package io.docingest.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileEvent;
import io.docingest.document.FileIds;
import io.docingest.document.KeyPrefixes;
import io.docingest.document.Status;
import io.docingest.options.ProcessorTypes;
import io.docingest.status.StatusIndex;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP upload source's steps: take a posted file (multipart or raw body, streamed to disk) and
 * store it under a name its client's retry finds again, in the landing bucket (announced as the
 * same event EventBridge would send) or, in local mode, in the folder the NAS source polls
 * ({@link UploadFolder}); record it as queued and answer with its id.
 * The pipeline treats it like any landed file.
 */
public class Uploads {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String EVENT = "ingestUploadEvent";
    static final String METADATA = "ingestUploadMetadata";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String RECORDED_STATUS = "ingestUploadRecordedStatus";
    private static final Set<String> TAKEN = Set.of(Status.PROCESSING.label(), Status.INDEXED.label(), Status.SKIPPED.label(),
            Status.SUPERSEDED.label());

    private final String bucket;
    private final String keyPrefix;
    private final StatusIndex status;
    private final ProcessorTypes processorTypes;
    private final UploadSpool spool;

    public Uploads(String bucket, KeyPrefixes prefixes, StatusIndex status, ProcessorTypes processorTypes, UploadSpool spool) {
        this.bucket = bucket;
        this.spool = spool;
        this.keyPrefix = prefixes.uploads();
        this.status = status;
        this.processorTypes = processorTypes;
    }

    /**
     * Takes the file (streamed to a private temp file, {@link UploadSpool}), its name and its
     * processor type.
     */
    public void accept(Exchange exchange) throws Exception {
        long size = spool.spool(exchange);
        Message in = exchange.getMessage();
        String name = fileName(in);
        String processorType = firstOf(in, ProcessorTypes.METADATA_KEY, "X-Processor-Type");
        processorTypes.requireKnown(processorType);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (processorType != null) {
            metadata.put(ProcessorTypes.METADATA_KEY, processorType);
        }
        in.setHeader(Exchange.FILE_NAME, name);
        in.setHeader(Exchange.FILE_LENGTH, size);
        exchange.setProperty(METADATA, metadata);
    }

    /**
     * Names the object for the aws2-s3 producer that stores it next, the metadata as user
     * metadata. The key is the same for the same upload, so a client's retry finds the first
     * one: it is derived from the {@code Idempotency-Key} header when the client sends one, else
     * from the content's SHA-256 (the same file under the same name is one document).
     */
    public void toLandingBucket(Exchange exchange) {
        Message in = exchange.getMessage();
        String idempotencyKey = in.getHeader(IDEMPOTENCY_KEY, String.class);
        String token = idempotencyKey != null && !idempotencyKey.isBlank()
                ? "k-" + FileIds.fileId(idempotencyKey.strip())
                : "c-" + exchange.getProperty(UploadSpool.SHA256, String.class).substring(0, 32);
        String key = keyPrefix + token + "/" + in.getHeader(Exchange.FILE_NAME, String.class);
        long size = in.getHeader(Exchange.FILE_LENGTH, Long.class);
        in.setHeader(AWS2S3Constants.KEY, key);
        in.setHeader(AWS2S3Constants.CONTENT_LENGTH, size);
        in.setHeader(AWS2S3Constants.METADATA, exchange.getProperty(METADATA));
        exchange.setProperty(EVENT, FileEvent.fromS3(bucket, key, size, null, null, null, Instant.now(), "http-upload"));
    }

    /**
     * Whether this upload was taken before and is being or has been worked on: then the answer
     * is its first receipt, and nothing is stored or announced again. An upload recorded only as
     * queued (its worker may have stopped before announcing it), failed or deleted is taken again.
     */
    public boolean isRepeat(Exchange exchange) throws IOException {
        String recorded = status.recordedStatus(FileIds.fileId(exchange.getProperty(EVENT, FileEvent.class).key()));
        boolean repeat = recorded != null && TAKEN.contains(recorded);
        if (repeat) {
            exchange.setProperty(RECORDED_STATUS, recorded);
        }
        return repeat;
    }

    /**
     * Before it is stored: a worker may pick it up as soon as it is announced and must find
     * "queued" already there, and if this worker stops before announcing it, {@link StaleUploads}
     * finds the record and announces the stored object.
     */
    public void recordQueued(Exchange exchange) {
        FileEvent stored = stored(exchange);
        status.queued(stored);
    }

    /** Whether the upload's processor type is high priority: then it is announced on the priority queue. */
    public boolean isHighPriority(Exchange exchange) {
        Map<?, ?> metadata = exchange.getProperty(METADATA, Map.class);
        return processorTypes.isHighPriority((String) metadata.get(ProcessorTypes.METADATA_KEY));
    }

    /** For the queue: the event in the EventBridge shape, with the etag from S3's answer. */
    public String announcement(Exchange exchange) throws Exception {
        return JSON.writeValueAsString(stored(exchange).transformedShape());
    }

    /** The answer to the uploader: 202 with the id that {@code GET /status/{id}} follows. */
    public Map<String, Object> receipt(Exchange exchange) {
        FileEvent stored = stored(exchange);
        String id = FileIds.fileId(stored.key());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("id", id);
        receipt.put("bucket", stored.bucket());
        receipt.put("key", stored.key());
        String recorded = exchange.getProperty(RECORDED_STATUS, String.class);
        receipt.put("status", recorded == null ? Status.QUEUED.label() : recorded);
        receipt.put("status_url", "/status/" + id);
        return receipt;
    }

    private static FileEvent stored(Exchange exchange) {
        FileEvent accepted = exchange.getProperty(EVENT, FileEvent.class);
        String etag = exchange.getMessage().getHeader(AWS2S3Constants.E_TAG, String.class);
        if (etag == null) {  // kept in a folder: the event is complete already
            return accepted;
        }
        return FileEvent.fromS3(accepted.bucket(), accepted.key(), accepted.size(), etag, null, null, accepted.eventTime(), accepted.source());
    }

    /** The uploaded file's own name, reduced to a safe last path segment. */
    static String fileName(Message in) {
        String raw = firstOf(in, Exchange.FILE_NAME, "name", "X-File-Name");
        String name = raw == null ? "" : raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}]", "").strip();
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "upload.bin" : name;
    }

    private static String firstOf(Message in, String... headers) {
        for (String header : headers) {
            String value = in.getHeader(header, String.class);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
