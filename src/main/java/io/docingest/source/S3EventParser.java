package io.docingest.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileEvent;
import io.docingest.document.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an SQS message body into the {@link FileEvent}s it announces. Understands the three shapes
 * that reach the queue in real deployments (README, "Inputs"):
 * <ol>
 *   <li>EventBridge with the original input transformer: {@code {"s3Bucket","s3Key","fileSize","etag","eventTime"}},
 *   and optionally {@code "sequencer"} and {@code "eventType": "Object Deleted"};</li>
 *   <li>native EventBridge "Object Created" and "Object Deleted": {@code detail.bucket.name}, {@code detail.object.key}...;</li>
 *   <li>S3 event notifications: {@code Records[]}, {@code ObjectCreated:*} and {@code ObjectRemoved:*}, keys
 *   URL-encoded ('+' is a space).</li>
 * </ol>
 * The {@code s3:TestEvent} that S3 sends when a notification is configured yields no events.
 * The transformed shape may also carry the original worker's {@code fileId} (the document's id)
 * and {@code metadata} (fields for the document: a string, a number or a list of them each).
 */
public class S3EventParser {

    public static final String TRANSFORMED = "eventbridge-transformed";
    public static final String EVENTBRIDGE = "eventbridge";
    public static final String S3_NOTIFICATION = "s3-notification";

    private static final Logger LOG = LoggerFactory.getLogger(S3EventParser.class);

    private final ObjectMapper json;

    public S3EventParser(ObjectMapper json) {
        this.json = json;
    }

    public List<FileEvent> parse(String body) {
        JsonNode root = readTree(body);
        // A dead-letter envelope sent back as it is (SQS's own move task re-drives whole
        // messages): the event it carries is what to work on.
        if (root.has("error") && root.path("event").isObject()) {
            root = root.get("event");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            LOG.info("Acknowledged s3:TestEvent for bucket {}", root.path("Bucket").asText());
            return List.of();
        }
        if (root.has("s3Key")) {
            String bucket = required(root, "s3Bucket");
            String key = required(root, "s3Key");
            FileEvent event = FileEvent.OBJECT_DELETED.equals(root.path("eventType").asText())
                    ? FileEvent.deletedFromS3(bucket, key, text(root.get("versionId")), text(root.get("sequencer")),
                            time(root.get("eventTime")), TRANSFORMED)
                    : FileEvent.fromS3(bucket, key, longOrNull(root.get("fileSize")), text(root.get("etag")),
                            text(root.get("versionId")), text(root.get("sequencer")), time(root.get("eventTime")),
                            FileEvent.PROCESS_API.equals(root.path("source").asText()) ? FileEvent.PROCESS_API : TRANSFORMED);
            event = event.announcedWith(fileId(root), metadata(root));
            return List.of(root.path("reprocess").asBoolean(false) ? event.reprocessing() : event);
        }
        if (root.has("detail") && root.path("detail").has("object")) {
            JsonNode detail = root.get("detail");
            JsonNode object = detail.get("object");
            String bucket = required(detail.path("bucket"), "name");
            String key = required(object, "key");
            if (FileEvent.OBJECT_DELETED.equals(root.path("detail-type").asText())) {
                return List.of(FileEvent.deletedFromS3(bucket, key, text(object.get("version-id")),
                        text(object.get("sequencer")), time(root.get("time")), EVENTBRIDGE));
            }
            return List.of(FileEvent.fromS3(bucket, key, longOrNull(object.get("size")), text(object.get("etag")),
                    text(object.get("version-id")), text(object.get("sequencer")), time(root.get("time")), EVENTBRIDGE));
        }
        if (root.has("Records") && root.get("Records").isArray()) {
            List<FileEvent> events = new ArrayList<>();
            for (JsonNode record : root.get("Records")) {
                JsonNode s3 = record.path("s3");
                JsonNode object = s3.path("object");
                String bucket = required(s3.path("bucket"), "name");
                String key = decodeKey(required(object, "key"));
                events.add(record.path("eventName").asText().startsWith("ObjectRemoved:")
                        ? FileEvent.deletedFromS3(bucket, key, text(object.get("versionId")), text(object.get("sequencer")),
                                time(record.get("eventTime")), S3_NOTIFICATION)
                        : FileEvent.fromS3(bucket, key, longOrNull(object.get("size")), text(object.get("eTag")),
                                text(object.get("versionId")), text(object.get("sequencer")), time(record.get("eventTime")),
                                S3_NOTIFICATION));
            }
            return events;
        }
        throw new MalformedEventException("not an S3 object event: expected s3Key, detail.object or Records[]");
    }

    private static String fileId(JsonNode root) {
        String id = text(root.get("fileId"));
        if (id != null && !FileEvent.FILE_ID.matcher(id).matches()) {
            throw new MalformedEventException("fileId must be 1 to 128 letters, digits, '.', '_' or '-': " + id);
        }
        return id;
    }

    /** Each field's values: a scalar is one value, a list is several; objects and nulls are not values. */
    private static Map<String, List<String>> metadata(JsonNode root) {
        JsonNode metadata = root.path("metadata");
        if (metadata.isMissingNode() || metadata.isNull()) {
            return Map.of();
        }
        if (!metadata.isObject()) {
            throw new MalformedEventException("metadata must be a JSON object");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        metadata.fields().forEachRemaining(field -> {
            List<String> values = new ArrayList<>();
            (field.getValue().isArray() ? field.getValue() : List.of(field.getValue())).forEach(value -> {
                if (value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
                    values.add(value.asText().strip());
                }
            });
            if (!values.isEmpty()) {
                fields.put(field.getKey(), values);
            }
        });
        return fields;
    }

    /** S3 notifications URL-encode keys with '+' for spaces: exactly what URLDecoder undoes. */
    static String decodeKey(String key) {
        return URLDecoder.decode(key, StandardCharsets.UTF_8);
    }

    private JsonNode readTree(String body) {
        try {
            JsonNode root = json.readTree(body == null ? "" : body);
            if (root == null || !root.isObject()) {
                throw new MalformedEventException("event body is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("event body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new MalformedEventException("event lacks '" + field + "'");
        }
        return value.asText();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Long longOrNull(JsonNode node) {
        return node == null || !node.canConvertToLong() && !node.isTextual() ? null : Long.valueOf(node.asText());
    }

    private static Instant time(JsonNode node) {
        try {
            return node == null || node.isNull() ? null : Instant.parse(node.asText());
        } catch (RuntimeException e) {
            throw new MalformedEventException("event time is not ISO-8601: " + node.asText());
        }
    }
}
