package io.docingest.outcome;

import io.docingest.IngestDocument;
import org.apache.camel.ExchangeProperty;
import org.slf4j.MDC;

/**
 * Puts the document's key, etag and id into the logging context as it enters the pipeline, so
 * every later line about it carries them (Camel's MDC logging carries keys matching
 * camel.main.mdc-logging-keys-pattern onto the threads the exchange continues on).
 */
public class LogContext {

    public void enter(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        MDC.put("file.key", doc.getEvent().key());
        MDC.put("file.id", doc.getFileId());
        String etag = doc.getEvent().etag();
        if (etag != null) {
            MDC.put("file.etag", etag);
        } else {
            MDC.remove("file.etag");
        }
    }
}
