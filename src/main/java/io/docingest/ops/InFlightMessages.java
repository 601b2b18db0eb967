package io.docingest.ops;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The SQS messages this worker holds right now (their receipt handles). A route policy on the SQS
 * source: it sees each message's exchange begin and end, whatever happens in between. While a
 * message is held its visibility is renewed every half timeout, so no second worker starts a long
 * document mid-way; a drain hands the unfinished ones back at once.
 * <p>
 * Hand-written although aws2-sqs has extendMessageVisibility: that extender first runs one full
 * timeout after the receive, racing the expiry, and a test with a short timeout saw the message
 * handed to another consumer.
 */
public class InFlightMessages extends RoutePolicySupport {

    public static final String RECEIPT_HANDLE = "CamelAwsSqsReceiptHandle";
    private static final Logger LOG = LoggerFactory.getLogger(InFlightMessages.class);

    private final Set<String> receipts = ConcurrentHashMap.newKeySet();
    private final SqsClient sqs;
    private final String queue;
    private final int visibilitySeconds;
    private final ScheduledExecutorService scheduler;
    private volatile String queueUrl;

    public InFlightMessages(SqsClient sqs, String queue, int visibilitySeconds, ScheduledExecutorService scheduler) {
        this.sqs = sqs;
        this.queue = queue;
        this.visibilitySeconds = visibilitySeconds;
        this.scheduler = scheduler;
    }

    @Override
    public void onInit(Route route) {
        long periodMillis = Math.max(500, visibilitySeconds * 1000L / 2);
        scheduler.scheduleAtFixedRate(this::renew, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

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

    /** Gives every held message back to the queue now (visibility 0) and stops renewing them. */
    public int releaseAll() {
        Set<String> released = new HashSet<>(receipts);
        receipts.removeAll(released);
        released.forEach(this::makeVisible);
        return released.size();
    }

    /**
     * A message whose processing failed because the worker is going away: back to the queue now,
     * for another worker, instead of into the dead-letter queue.
     */
    public void releaseFailedByShutdown(Exchange exchange) {
        String receipt = exchange.getProperty(RECEIPT_HANDLE, String.class);
        if (receipt != null) {
            receipts.remove(receipt);
            makeVisible(receipt);
        }
        throw new IllegalStateException("worker is draining: message released, not parked");
    }

    private void makeVisible(String receipt) {
        sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl()).receiptHandle(receipt).visibilityTimeout(0));
    }

    private void renew() {
        for (String receipt : Set.copyOf(receipts)) {
            try {
                sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl()).receiptHandle(receipt).visibilityTimeout(visibilitySeconds));
            } catch (RuntimeException e) {
                // deleted meanwhile, or SQS unreachable for a moment: the next round tries again
                LOG.debug("Could not renew visibility: {}", e.getMessage());
            }
        }
    }

    private String queueUrl() {
        if (queueUrl == null) {
            queueUrl = sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl();
        }
        return queueUrl;
    }
}
