package io.docingest.document;

/** The file claims a type it cannot be read as: truncated, damaged or encrypted. */
public class CorruptDocumentException extends PermanentFailureException {

    public CorruptDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
