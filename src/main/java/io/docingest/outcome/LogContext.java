package io.docingest.outcome;

import io.docingest.IngestDocument;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

/**
 * Puts the document's key, etag and id into the logging context as it enters the pipeline, so
 * every later line about it carries them (Camel's MDC logging carries keys matching
 * camel.main.mdc-logging-keys-pattern onto the threads the exchange continues on).
 */
public class LogContext {

    private static final java.util.List<String> KEYS = java.util.List.of("file.key", "file.id", "file.etag");

    public void enter(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc, Exchange exchange) {
        // Camel resets only its own camel.* keys when an exchange ends; these go with the document.
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                KEYS.forEach(MDC::remove);
            }
        });
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
