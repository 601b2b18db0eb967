package io.docingest.health;

import io.docingest.config.Settings;
import io.docingest.embed.Embedder;
import io.docingest.metrics.IngestMetrics;
import io.docingest.ops.Drainer;
import io.docingest.ops.InFlightMessages;
import org.apache.camel.spi.Registry;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binds the health checks Camel's management server reports (any HealthCheck bean in the registry
 * joins /observe/health): one readiness check per dependency named in
 * {@code ingest.health.dependencies}, and the stuck-consumer liveness check.
 */
public final class HealthChecks {

    private final Settings settings;
    private final S3Client s3;
    private final SqsClient sqs;
    private final RestClient openSearch;
    private final IngestMetrics metrics;
    private final Drainer drainer;
    private final InFlightMessages inFlight;
    private final Duration timeout;
    private final java.util.function.IntSupplier pausedSources;

    public HealthChecks(Settings settings, S3Client s3, SqsClient sqs, RestClient openSearch,
                        IngestMetrics metrics, Drainer drainer, InFlightMessages inFlight,
                        java.util.function.IntSupplier pausedSources) {
        this.settings = settings;
        this.s3 = s3;
        this.sqs = sqs;
        this.openSearch = openSearch;
        this.metrics = metrics;
        this.drainer = drainer;
        this.inFlight = inFlight;
        this.timeout = Duration.ofMillis(settings.integer("ingest.health.probe-timeout-ms"));
        this.pausedSources = pausedSources;
    }

    public void bindTo(Registry registry) {
        Map<String, DependencyCheck.Probe> probes = new LinkedHashMap<>();
        for (String dependency : Arrays.stream(settings.text("ingest.health.dependencies").split(","))
                .map(String::strip).filter(d -> !d.isEmpty()).toList()) {
            probes.put(dependency, probe(dependency));
            registry.bind("health-" + dependency, new DependencyCheck(dependency, probes.get(dependency)));
        }
        boolean embedsWithBedrock = settings.text("ingest.embedding.provider").equals("bedrock");
        registry.bind("dependencyProbes", new DependencyProbes(probes, embedsWithBedrock
                ? () -> registry.lookupByNameAndType("bedrockEmbedder", Embedder.class) : null, drainer));
        if (Arrays.asList(settings.text("ingest.health.dependencies").split(",")).contains("sqs")) {
            registry.bind("health-progress", new ProgressCheck(metrics, this::messagesWaiting, drainer, pausedSources,
                    Duration.ofSeconds(settings.integer("ingest.health.stuck-after-seconds"))));
        }
    }

    private DependencyCheck.Probe probe(String dependency) {
        return switch (dependency) {
            // Every queue an SQS source consumes (main and priority; none if no SQS source is loaded).
            case "sqs" -> () -> inFlight.queues().forEach(this::queueUrl);
            // A listing under the key prefix, not HeadBucket: the worker's role may list that prefix only.
            case "s3" -> () -> s3.listObjectsV2(r -> r.bucket(settings.text("ingest.s3.bucket"))
                    .prefix(settings.text("ingest.s3.key-prefix")).maxKeys(1)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
            case "opensearch" -> this::openSearchAnswers;
            case "bedrock" -> this::bedrockReachable;
            default -> throw new IllegalArgumentException("configuration key 'ingest.health.dependencies' names '"
                    + dependency + "': allowed are sqs, s3, opensearch, bedrock");
        };
    }

    private void openSearchAnswers() throws IOException {
        Request health = new Request("GET", "/_cluster/health");
        health.addParameter("timeout", timeout.toMillis() + "ms");
        openSearch.performRequest(health);  // throws on a connection failure or an error status
    }

    /**
     * Bedrock Runtime has no free read-only call (every InvokeModel is billed), so readiness is a TCP
     * connection to its endpoint; failing calls show in ingest.aws.calls{outcome=error}.
     */
    private void bedrockReachable() throws IOException {
        String override = settings.text("ingest.embedding.endpoint-override");
        URI endpoint = URI.create(override.isBlank()
                ? "https://bedrock-runtime." + settings.text("ingest.embedding.region") + ".amazonaws.com" : override);
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) timeout.toMillis());
        }
    }

    private String queueUrl(String queue) {
        return sqs.getQueueUrl(r -> r.queueName(queue).overrideConfiguration(o -> o.apiCallTimeout(timeout))).queueUrl();
    }

    /** Messages waiting in the queues the SQS sources consume. */
    private int messagesWaiting() {
        int waiting = 0;
        for (String queue : inFlight.queues()) {
            String url = queueUrl(queue);
            waiting += Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                            .overrideConfiguration(o -> o.apiCallTimeout(timeout)))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        }
        return waiting;
    }
}
