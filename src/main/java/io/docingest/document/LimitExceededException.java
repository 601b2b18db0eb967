package io.docingest.document;

/** The document is over a limit that protects the worker (size, pages, pixels): parked at once. */
public class LimitExceededException extends PermanentFailureException {

    public LimitExceededException(String message) {
        super(message);
    }
}
