package io.docingest.document;

import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;

/** Why a document failed, read the same way by the dead-letter envelope, the status record and the meters. */
public final class Failures {

    private Failures() {
    }

    /**
     * The exception that says why: a permanent failure wherever Camel wrapped it (a bean called
     * from an expression is wrapped, for one), else what was caught.
     */
    public static Throwable reason(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        PermanentFailureException permanent = ObjectHelper.getException(PermanentFailureException.class, caught);
        return permanent != null ? permanent : caught;
    }

    /** The exception's message with its root cause, which usually names the real problem. */
    public static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        return root == cause ? message : message + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
