package io.docingest.metrics;

import io.docingest.document.Status;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code FilesProcessed} and {@code ProcessingTime} as the original worker published them, so the
 * alarms and dashboards built on them keep working: one value per document, in seconds, dimension
 * {@code Status} = {@code Success} (indexed) or {@code Failed} (parked), in
 * {@code ingest.metrics.cloudwatch.files-namespace}. Skipped, superseded, deleted and
 * already-indexed files did no processing and are not counted here (the {@code ingest.documents}
 * meter has them).
 * <p>
 * Hand-written rather than a Micrometer timer: Micrometer's CloudWatch registry sends a timer as
 * per-step aggregates (count, sum, max), from which CloudWatch cannot compute the p95 the original
 * alarm watches. Each step's values go out raw, in PutMetricData's {@code Values}/{@code Counts}.
 */
public final class FilesProcessedPublisher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(FilesProcessedPublisher.class);
    /** PutMetricData takes at most 150 distinct values per datum. */
    private static final int VALUES_PER_DATUM = 150;

    private final CamelContext camel;
    private final CloudWatchAsyncClient cloudWatch;
    private final String namespace;
    private final Duration step;
    private final Map<String, ConcurrentLinkedQueue<Double>> secondsByStatus = Map.of(
            "Success", new ConcurrentLinkedQueue<>(), "Failed", new ConcurrentLinkedQueue<>());
    private ScheduledExecutorService scheduler;

    public FilesProcessedPublisher(CamelContext camel, CloudWatchAsyncClient cloudWatch, String namespace, Duration step) {
        this.camel = camel;
        this.cloudWatch = cloudWatch;
        this.namespace = namespace;
        this.step = step;
    }

    /** A document reached its outcome after {@code took} (from its event's arrival to its end). */
    public void processed(Status outcome, Duration took) {
        String status = switch (outcome) {
            case INDEXED -> "Success";
            case FAILED -> "Failed";
            default -> null;
        };
        if (status != null) {
            // Milliseconds are enough, and fewer distinct values fit more documents in a datum.
            secondsByStatus.get(status).add(took.toMillis() / 1000.0);
        }
    }

    @Override
    protected void doStart() {
        scheduler = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "files-processed-metrics");
        scheduler.scheduleAtFixedRate(() -> {
            try {
                publish();
            } catch (RuntimeException e) {  // a throw would end the schedule
                LOG.warn("Could not publish FilesProcessed/ProcessingTime: {}", e.toString());
            }
        }, step.toMillis(), step.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After the drain: the last documents' values go out before the worker ends. */
    @Override
    protected void doStop() throws Exception {
        camel.getExecutorServiceManager().shutdownGraceful(scheduler);
        publish().get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<?> publish() {
        Instant now = Instant.now();
        List<MetricDatum> data = new ArrayList<>();
        secondsByStatus.forEach((status, queue) -> {
            Map<Double, Integer> counts = new TreeMap<>();
            for (Double seconds = queue.poll(); seconds != null; seconds = queue.poll()) {
                counts.merge(seconds, 1, Integer::sum);
            }
            if (counts.isEmpty()) {
                return;
            }
            Dimension dimension = Dimension.builder().name("Status").value(status).build();
            data.add(MetricDatum.builder().metricName("FilesProcessed").dimensions(dimension).timestamp(now)
                    .unit(StandardUnit.COUNT).value((double) counts.values().stream().mapToInt(Integer::intValue).sum()).build());
            List<Map.Entry<Double, Integer>> entries = new ArrayList<>(counts.entrySet());
            for (int from = 0; from < entries.size(); from += VALUES_PER_DATUM) {
                List<Map.Entry<Double, Integer>> slice = entries.subList(from, Math.min(entries.size(), from + VALUES_PER_DATUM));
                data.add(MetricDatum.builder().metricName("ProcessingTime").dimensions(dimension).timestamp(now)
                        .unit(StandardUnit.SECONDS)
                        .values(slice.stream().map(Map.Entry::getKey).toList())
                        .counts(slice.stream().map(entry -> (double) entry.getValue()).toList()).build());
            }
        });
        if (data.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // Metrics are not documents: a failed put is logged and its values dropped, as the original did.
        return cloudWatch.putMetricData(request -> request.namespace(namespace).metricData(data)).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("Could not publish FilesProcessed/ProcessingTime to CloudWatch namespace {}: {}", namespace, failure.getMessage());
            }
        }).exceptionally(failure -> null);
    }
}
