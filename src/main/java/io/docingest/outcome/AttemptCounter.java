package io.docingest.outcome;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Counts redeliveries on the exchange (errors.yaml calls it before each one), so the dead-letter
 * envelope can say how many attempts were made; Camel's own redelivery headers do not survive
 * into the onException route.
 */
public class AttemptCounter implements Processor {

    public static final String REDELIVERIES = "ingestRedeliveries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(REDELIVERIES, exchange.getProperty(REDELIVERIES, 0, Integer.class) + 1);
    }
}
