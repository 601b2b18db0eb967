package io.docingest.document;

/** The queue message is not an event this daemon understands. */
public class MalformedEventException extends PermanentFailureException {

    public MalformedEventException(String message) {
        super(message);
    }
}
