package io.docingest.index;

/** OpenSearch refused a write; transient (429, 503...) and retried by the route's redelivery. */
public class IndexingException extends RuntimeException {

    private final int status;

    public IndexingException(String message, int status) {
        super(message + " (HTTP " + status + ")");
        this.status = status;
    }

    public int status() {
        return status;
    }
}
