package io.docingest.document;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one internal event every source produces (ARCHITECTURE.md, "The document"): which object to
 * ingest, or that it was deleted, and where it came from. {@code localPath} is set by sources that
 * already hold the file (NAS folder, upload); the pipeline fetches from S3 otherwise.
 * {@code reprocess} asks for the work even when this version is indexed already (a forced
 * back-fill, a re-drive). A message may name the document's id ({@code fileId}, as the original
 * worker's messages could) and carry {@code metadata} fields for it; both are null or empty for
 * events that S3 itself sends.
 *
 * <p>Versions of one key are ordered by S3's {@code sequencer} when both events carry one, and by
 * the event time otherwise (ARCHITECTURE.md, "Versions and deletions").
 */
public record FileEvent(String bucket, String key, Long size, String etag, String versionId, String sequencer,
                        Instant eventTime, String source, Path localPath, boolean deleted, boolean reprocess,
                        String fileId, Map<String, List<String>> metadata) {

    /** The value of {@code eventType} in the transformed shape for a deletion, as EventBridge names it. */
    public static final String OBJECT_DELETED = "Object Deleted";
    /** The source of what a client asked for by name (POST /process): processed wherever its key lies. */
    public static final String PROCESS_API = "process-api";
    /** What a message's {@code fileId} may be: it becomes an OpenSearch id and part of the thumbnail's key. */
    public static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public FileEvent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** An event with no id or metadata of its own: what S3 and the folder sources send. */
    public FileEvent(String bucket, String key, Long size, String etag, String versionId, String sequencer,
                     Instant eventTime, String source, Path localPath, boolean deleted, boolean reprocess) {
        this(bucket, key, size, etag, versionId, sequencer, eventTime, source, localPath, deleted, reprocess, null, Map.of());
    }

    public static FileEvent fromS3(String bucket, String key, Long size, String etag, String versionId, String sequencer,
                                   Instant eventTime, String source) {
        return new FileEvent(bucket, key, size, stripQuotes(etag), versionId, sequencer, eventTime, source, null, false, false);
    }

    public static FileEvent deletedFromS3(String bucket, String key, String versionId, String sequencer, Instant eventTime,
                                          String source) {
        return new FileEvent(bucket, key, null, null, versionId, sequencer, eventTime, source, null, true, false);
    }

    /** A file a folder source held is gone from it. */
    public static FileEvent deletedFromFolder(String source, String key, Instant noticed) {
        return new FileEvent(source, key, null, null, null, null, noticed, source, null, true, false);
    }

    /** The same event, to be worked on whatever the status index says. */
    public FileEvent reprocessing() {
        return new FileEvent(bucket, key, size, etag, versionId, sequencer, eventTime, source, localPath, deleted, true,
                fileId, metadata);
    }

    /** The same event with the id and metadata fields its message gave. */
    public FileEvent announcedWith(String fileId, Map<String, List<String>> metadata) {
        return new FileEvent(bucket, key, size, etag, versionId, sequencer, eventTime, source, localPath, deleted, reprocess,
                fileId, metadata);
    }

    /**
     * Whether this event announces a version older than the one {@code record} (a file document
     * or a status record, with {@code sequencer} and {@code event_time}) was written for. The
     * same etag is the same version, whatever the events' times (a back-fill's event is dated
     * when it was listed). A file a folder source holds is read as it is now, so it is never
     * older; two events neither of which can be placed are not ordered (the later write wins).
     */
    public boolean isOlderThan(JsonNode record) {
        if (localPath != null || record == null || etag != null && etag.equals(record.path("etag").asText(null))) {
            return false;
        }
        String other = record.path("sequencer").asText("");
        if (sequencer != null && !sequencer.isBlank() && !other.isBlank()) {
            return compareSequencers(sequencer, other) < 0;
        }
        Instant otherTime = instant(record.path("event_time").asText(""));
        return eventTime != null && otherTime != null && eventTime.isBefore(otherTime);
    }

    /**
     * S3's rule: sequencers of one key compare as hexadecimal strings after the shorter is
     * right-padded with zeros.
     */
    static int compareSequencers(String a, String b) {
        int width = Math.max(a.length(), b.length());
        return pad(a, width).compareTo(pad(b, width));
    }

    /** The fields that place a version among others, as file documents and status records keep them. */
    public Map<String, Object> versionFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sequencer", sequencer);
        fields.put("event_time", eventTime == null ? null : eventTime.toString());
        return fields;
    }

    /**
     * A short tag of this version for chunk ids: chunks of two versions of a key never share an
     * id, so a slower older version cannot overwrite a newer one's chunks, and either can be
     * removed on its own.
     */
    public String versionTag() {
        String version = etag != null ? etag : sequencer != null ? sequencer : String.valueOf(eventTime);
        return FileIds.fileId(version).substring(0, 12);
    }

    /** The event in the shape the original EventBridge input transformer sends (S3EventParser reads it back). */
    public Map<String, Object> transformedShape() {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("s3Bucket", bucket);
        shape.put("s3Key", key);
        if (deleted) {
            shape.put("eventType", OBJECT_DELETED);
        } else {
            shape.put("fileSize", size);
            shape.put("etag", etag);
        }
        if (sequencer != null) {
            shape.put("sequencer", sequencer);
        }
        shape.put("eventTime", eventTime == null ? null : eventTime.toString());
        if (reprocess) {
            shape.put("reprocess", true);
        }
        if (fileId != null) {
            shape.put("fileId", fileId);
        }
        if (PROCESS_API.equals(source)) {
            shape.put("source", source);
        }
        if (!metadata.isEmpty()) {
            shape.put("metadata", metadata);
        }
        return shape;
    }

    /** The name after the last '/', as the original index's file_name. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static String pad(String sequencer, int width) {
        StringBuilder padded = new StringBuilder(sequencer.toUpperCase(Locale.ROOT));
        while (padded.length() < width) {
            padded.append('0');
        }
        return padded.toString();
    }

    private static Instant instant(String text) {
        try {
            return text.isBlank() ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
