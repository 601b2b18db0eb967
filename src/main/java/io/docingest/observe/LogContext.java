package io.docingest.observe;

import io.docingest.document.FileEvent;
import io.docingest.document.FileIds;
import org.slf4j.MDC;

import java.util.List;

/**
 * The document's key, etag and id in the logging context from the moment its event enters the
 * pipeline, so every later line about it carries them (Camel's MDC logging carries keys matching
 * camel.main.mdc-logging-keys-pattern onto the threads the exchange continues on).
 */
final class LogContext {

    private static final List<String> KEYS = List.of("file.key", "file.id", "file.etag");

    private LogContext() {
    }

    static void enter(FileEvent event) {
        MDC.put("file.key", event.key());
        MDC.put("file.id", FileIds.fileId(event.key()));
        if (event.etag() != null) {
            MDC.put("file.etag", event.etag());
        } else {
            MDC.remove("file.etag");
        }
    }

    static String fileId() {
        return MDC.get("file.id");
    }

    /** Camel resets only its own camel.* keys when an exchange ends; these go with the document. */
    static void leave() {
        KEYS.forEach(MDC::remove);
    }
}
