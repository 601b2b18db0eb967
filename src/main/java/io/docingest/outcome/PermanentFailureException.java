package io.docingest.outcome;

/**
 * A failure that no retry can mend (corrupt file, malformed event, object gone): errors.yaml parks
 * it in the dead-letter queue at once, without redelivery.
 */
public class PermanentFailureException extends RuntimeException {

    public PermanentFailureException(String message) {
        super(message);
    }

    public PermanentFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
