package io.docingest.bench;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where one document's time goes, from the moment its event is sent to SQS to the moment its
 * message is done: the timestamps of Camel's own events for the source's exchange (created,
 * completed) and for each {@code direct:} stage it is sent to, cut into consecutive spans.
 * Documents are timed one at a time, so the last send is the document's.
 */
final class StageClock extends EventNotifierSupport {

    /** The spans, each from the first mark to the second (marks: created, the stages' sending and sent, completed). */
    private static final String[][] SPANS = {
            {"receive (SQS send to the consumer's exchange)", "sent", "created"},
            {"start (event, id, status lookups, status 'processing')", "created", ">fetch"},
            {"fetch (S3 GET to a spool file)", ">fetch", "<fetch"},
            {"detect (processor type, file type)", "<fetch", ">extract-text"},
            {"extract (page plan, batches, text)", ">extract-text", "<extract-text"},
            {"thumbnail", "<extract-text", "<thumbnail"},
            {"embed (chunking, embeddings)", "<thumbnail", "<embed"},
            {"index (chunks, file document, status 'indexed')", "<embed", "<index"},
            {"finish (route end to message deleted and done)", "<index", "completed"},
    };

    private final Map<String, Map<String, Long>> marks = new ConcurrentHashMap<>();
    private volatile long sentAt;
    private final List<Map<String, Long>> documents = new ArrayList<>();

    /** Call just before the document's event is sent. */
    void sending() {
        marks.clear();
        sentAt = System.nanoTime();
    }

    /** Call once the document is done: its spans join the others. */
    void done() {
        Map<String, Long> document = marks.values().stream().filter(m -> m.containsKey(">fetch")).findFirst().orElseThrow();
        // Camel tells the benchmark's NotifyBuilder and this notifier of the completion in turn, on one thread.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!document.containsKey("completed") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        document.put("sent", sentAt);
        Map<String, Long> spans = new LinkedHashMap<>();
        for (String[] span : SPANS) {
            spans.put(span[0], (document.get(span[2]) - document.get(span[1])) / 1_000);
        }
        documents.add(spans);
    }

    /** One line per span: median and maximum over the documents, in milliseconds. */
    List<String> report(String label) {
        List<String> lines = new ArrayList<>();
        long total = 0;
        for (String[] span : SPANS) {
            List<Long> micros = documents.stream().map(d -> d.get(span[0])).sorted().toList();
            long median = micros.get(micros.size() / 2);
            total += median;
            lines.add(String.format(Locale.ROOT, "%s: %-55s median %6.1f ms, max %6.1f ms", label, span[0], median / 1000.0,
                    micros.get(micros.size() - 1) / 1000.0));
        }
        lines.add(String.format(Locale.ROOT, "%s: %-55s %6.1f ms (%d documents)", label, "sum of the medians", total / 1000.0, documents.size()));
        return lines;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeCreatedEvent || event instanceof ExchangeCompletedEvent
                || event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        long now = System.nanoTime();
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        Map<String, Long> mine = marks.computeIfAbsent(exchange.getExchangeId(), id -> new ConcurrentHashMap<>());
        if (event instanceof ExchangeCreatedEvent) {
            mine.putIfAbsent("created", now);
        } else if (event instanceof ExchangeCompletedEvent) {
            mine.put("completed", now);
        } else if (event instanceof ExchangeSendingEvent sending) {
            stage(sending.getEndpoint().getEndpointUri()).ifPresent(stage -> mine.putIfAbsent(">" + stage, now));
        } else if (event instanceof ExchangeSentEvent sent) {
            stage(sent.getEndpoint().getEndpointUri()).ifPresent(stage -> mine.put("<" + stage, now));
        }
    }

    private static java.util.Optional<String> stage(String uri) {
        if (!uri.startsWith("direct://")) {
            return java.util.Optional.empty();
        }
        int options = uri.indexOf('?');
        return java.util.Optional.of(uri.substring("direct://".length(), options < 0 ? uri.length() : options));
    }
}
