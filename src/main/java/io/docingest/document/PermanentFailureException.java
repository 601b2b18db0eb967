package io.docingest.document;

/**
 * A failure that no retry can mend (corrupt file, malformed event, object gone): errors.yaml parks
 * it in the dead-letter queue at once, without redelivery.
 * <p>
 * It carries its cause's message but not the cause itself: Camel matches onException clauses from
 * the innermost cause outwards, and an IOException inside would be taken for a transient failure.
 */
public class PermanentFailureException extends RuntimeException {

    public PermanentFailureException(String message) {
        super(message);
    }

    public PermanentFailureException(String message, Throwable cause) {
        super(cause == null ? message : message + " (" + cause.getClass().getSimpleName() + ")");
    }
}
