package io.docingest.document;

/**
 * Which object keys the pipeline processes: those under {@code ingest.s3.key-prefix} (the bucket's
 * events watch it) and under {@code ingest.upload.key-prefix} (uploads, announced by the worker
 * that stored them). The two must not overlap, or the bucket's events would announce every upload
 * a second time. Files a source holds on this machine, and objects a client asked for by name
 * ({@code POST /process}), are always processed.
 */
public record KeyPrefixes(String watched, String uploads) {

    public KeyPrefixes {
        if (uploads.startsWith(watched) || watched.startsWith(uploads)) {
            throw new IllegalArgumentException("configuration key 'ingest.upload.key-prefix' ('" + uploads + "') must lie "
                    + "outside ingest.s3.key-prefix ('" + watched + "'), whose bucket events would announce uploads again");
        }
    }

    /** Whether a key, or a prefix to list, lies under one of the two. */
    public boolean covers(String key) {
        return key != null && (key.startsWith(watched) || key.startsWith(uploads));
    }

    /** An event the pipeline records as skipped; files a source holds on this machine, and objects asked for by name, never are. */
    public boolean isOutside(FileEvent event) {
        return event.localPath() == null && !FileEvent.PROCESS_API.equals(event.source()) && !covers(event.key());
    }

    public String skipReason() {
        return "outside " + describe();
    }

    public String describe() {
        return "the key prefix '" + watched + "' (and the uploads' '" + uploads + "')";
    }
}
