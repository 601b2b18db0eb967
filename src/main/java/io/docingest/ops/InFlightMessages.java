package io.docingest.ops;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQS messages this worker holds right now (their receipt handles), so a drain can tell when
 * all are finished and give back, at once, those that will not finish in time. A route policy on
 * the SQS source: it sees each message's exchange begin and end, whatever happens in between.
 */
public class InFlightMessages extends RoutePolicySupport {

    public static final String RECEIPT_HANDLE = "CamelAwsSqsReceiptHandle";

    private final Set<String> receipts = ConcurrentHashMap.newKeySet();

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        String receipt = exchange.getMessage().getHeader(RECEIPT_HANDLE, String.class);
        if (receipt != null) {
            receipts.add(receipt);
            exchange.setProperty(RECEIPT_HANDLE, receipt);
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        String receipt = exchange.getProperty(RECEIPT_HANDLE, String.class);
        if (receipt != null) {
            receipts.remove(receipt);
        }
    }

    public int count() {
        return receipts.size();
    }

    public Set<String> snapshot() {
        return Set.copyOf(receipts);
    }
}
