package io.docingest.index;

/** OpenSearch refused a write; transient (429, 503...) and retried by the route's redelivery. */
public class IndexingException extends RuntimeException {

    public IndexingException(String message, int status) {
        super(message + " (HTTP " + status + ")");
    }
}
