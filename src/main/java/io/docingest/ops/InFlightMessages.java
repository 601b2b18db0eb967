package io.docingest.ops;

import io.docingest.metrics.IngestMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SQS messages this worker holds right now (their receipt handles, by queue). A route policy on
 * the SQS sources (the main queue's and the priority queue's): it sees each message's exchange
 * begin and end, whatever happens in between, and knows which sources to stop on a drain. While a
 * message is held its visibility is renewed every half timeout, so no second worker starts a long
 * document mid-way; a drain hands the unfinished ones back at once. Renewal stops once a message
 * has been held for {@code ingest.sqs.max-hold-seconds}: a worker hung on it (a call that never
 * returns) no longer keeps it from the fleet; it comes back after one visibility timeout, and the
 * queue's redrive policy parks it if that keeps happening.
 * <p>
 * Hand-written although aws2-sqs has extendMessageVisibility: that extender first runs one full
 * timeout after the receive, racing the expiry, and a test with a short timeout saw the message
 * handed to another consumer.
 */
public class InFlightMessages extends RoutePolicySupport {

    public static final String RECEIPT_HANDLE = "CamelAwsSqsReceiptHandle";
    private static final String SENT_AT = "ingestMessageSentAt";
    private static final Logger LOG = LoggerFactory.getLogger(InFlightMessages.class);

    /** Receipt handle to the message it belongs to. */
    private final Map<String, Held> receipts = new ConcurrentHashMap<>();
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final Map<Route, String> sources = new ConcurrentHashMap<>();
    private final SqsClient sqs;
    private final int visibilitySeconds;
    private final long maxHoldNanos;
    private final IngestMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean renewing = new AtomicBoolean();

    public InFlightMessages(SqsClient sqs, int visibilitySeconds, Duration maxHold, IngestMetrics metrics,
                            ScheduledExecutorService scheduler) {
        this.sqs = sqs;
        this.visibilitySeconds = visibilitySeconds;
        this.maxHoldNanos = maxHold.toNanos();
        this.metrics = metrics;
        this.scheduler = scheduler;
    }

    @Override
    public void onInit(Route route) {
        if (!(route.getEndpoint() instanceof Sqs2Endpoint endpoint)) {
            throw new IllegalArgumentException("route '" + route.getRouteId() + "': inFlightMessages is for aws2-sqs sources");
        }
        sources.put(route, endpoint.getConfiguration().getQueueName());
        if (renewing.compareAndSet(false, true)) {  // one renewal round for every source's messages
            long periodMillis = Math.max(500, visibilitySeconds * 1000L / 2);
            scheduler.scheduleAtFixedRate(this::renew, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onRemove(Route route) {
        sources.remove(route);
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        String receipt = exchange.getMessage().getHeader(RECEIPT_HANDLE, String.class);
        if (receipt != null) {
            receipts.put(receipt, new Held(sources.get(route), System.nanoTime()));
            exchange.setProperty(RECEIPT_HANDLE, receipt);
            Map<?, ?> attributes = exchange.getMessage().getHeader(Sqs2Constants.ATTRIBUTES, Map.class);
            Object sent = attributes == null ? null : attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP);
            if (sent != null) {
                exchange.setProperty(SENT_AT, Instant.ofEpochMilli(Long.parseLong(sent.toString())));
            }
        }
    }

    /** When SQS accepted the message the exchange carries, or null (not from a queue). */
    public Instant sentAt(Exchange exchange) {
        return exchange.getProperty(SENT_AT, Instant.class);
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

    /** The SQS source routes this policy is on: the drain stops their consumers. */
    public Set<Route> sources() {
        return Set.copyOf(sources.keySet());
    }

    /** The queues those sources consume: readiness and the stuck-consumer check look at them. */
    public Set<String> queues() {
        return Set.copyOf(sources.values());
    }

    /** Gives every held message back to its queue now (visibility 0) and stops renewing them. */
    public int releaseAll() {
        Map<String, Held> released = new HashMap<>(receipts);
        released.keySet().forEach(receipts::remove);
        released.forEach((receipt, held) -> makeVisible(receipt, held.queue(), 0));
        return released.size();
    }

    /**
     * A message whose processing failed because the worker is going away: back to the queue now,
     * for another worker, instead of into the dead-letter queue.
     */
    public void releaseFailedByShutdown(Exchange exchange) {
        release(exchange, 0);
        throw new IllegalStateException("worker is draining: message released, not parked");
    }

    /**
     * Stops renewing the exchange's message and makes it visible again in {@code delaySeconds};
     * false when the exchange holds no message (another source's).
     */
    public boolean release(Exchange exchange, int delaySeconds) {
        String receipt = exchange.getProperty(RECEIPT_HANDLE, String.class);
        Held held = receipt == null ? null : receipts.remove(receipt);
        if (held != null) {
            makeVisible(receipt, held.queue(), delaySeconds);
        }
        return held != null;
    }

    private void makeVisible(String receipt, String queue, int delaySeconds) {
        sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl(queue)).receiptHandle(receipt).visibilityTimeout(delaySeconds));
    }

    private void renew() {
        for (Map.Entry<String, Held> held : Map.copyOf(receipts).entrySet()) {
            String queue = held.getValue().queue();
            if (System.nanoTime() - held.getValue().since() > maxHoldNanos) {
                receipts.remove(held.getKey());
                metrics.heldTooLong();
                LOG.error("A message of {} has been held for more than ingest.sqs.max-hold-seconds ({} s): its visibility is "
                        + "no longer renewed, and it goes back to the queue within {} s; the document it announces may "
                        + "be hung on this worker", queue, TimeUnit.NANOSECONDS.toSeconds(maxHoldNanos), visibilitySeconds);
                continue;
            }
            try {
                sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl(queue)).receiptHandle(held.getKey())
                        .visibilityTimeout(visibilitySeconds));
            } catch (RuntimeException e) {
                // deleted meanwhile, or SQS unreachable for a moment: the next round tries again
                LOG.debug("Could not renew visibility: {}", e.getMessage());
            }
        }
    }

    /** A message held: the queue it came from, and since when (System.nanoTime). */
    private record Held(String queue, long since) {
    }

    private String queueUrl(String queue) {
        return queueUrls.computeIfAbsent(queue, name -> sqs.getQueueUrl(q -> q.queueName(name)).queueUrl());
    }
}
