package io.docingest.document;

/**
 * This version's work is dropped: a newer version of the key, or its deletion, came first (S3
 * answered 412 to the fetch conditional on the event's etag, or a newer version is indexed).
 * Not a failure: errors.yaml records it as superseded and the message is acknowledged.
 */
public class SupersededException extends RuntimeException {

    public SupersededException(IngestDocument doc, String reason) {
        super(reason);
        doc.setSupersededBy(reason);
    }
}
