package io.docingest.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The beans of routes/errors.yaml: attempts counted, and the dead-letter envelope. */
public class OutcomeBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public AttemptCounter attemptCounter() {
        return new AttemptCounter();
    }

    @BindToRegistry(lazy = true)
    public DeadLetterEnvelope deadLetterEnvelope(@PropertyInject("ingest.worker-id") String workerId) {
        return new DeadLetterEnvelope(new ObjectMapper(), workerId);
    }
}
