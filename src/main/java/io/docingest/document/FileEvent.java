package io.docingest.document;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one internal event every source produces (ARCHITECTURE.md, "The document"): which object to ingest, and where it
 * came from. {@code localPath} is set by sources that already hold the file (NAS folder, upload);
 * the pipeline fetches from S3 otherwise. {@code reprocess} asks for the work even when this version
 * is indexed already (a forced back-fill, a re-drive).
 */
public record FileEvent(String bucket, String key, Long size, String etag, String versionId,
                        Instant eventTime, String source, Path localPath, boolean reprocess) {

    public static FileEvent fromS3(String bucket, String key, Long size, String etag, String versionId,
                                   Instant eventTime, String source) {
        return new FileEvent(bucket, key, size, stripQuotes(etag), versionId, eventTime, source, null, false);
    }

    /** The same event, to be worked on whatever the status index says. */
    public FileEvent reprocessing() {
        return new FileEvent(bucket, key, size, etag, versionId, eventTime, source, localPath, true);
    }

    /** The event in the shape the original EventBridge input transformer sends (S3EventParser reads it back). */
    public Map<String, Object> transformedShape() {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("s3Bucket", bucket);
        shape.put("s3Key", key);
        shape.put("fileSize", size);
        shape.put("etag", etag);
        shape.put("eventTime", eventTime == null ? null : eventTime.toString());
        if (reprocess) {
            shape.put("reprocess", true);
        }
        return shape;
    }

    /** The name after the last '/', as the original index's file_name. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
