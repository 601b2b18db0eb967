package io.docingest.health;

import io.docingest.config.Settings;
import io.docingest.metrics.IngestMetrics;
import io.docingest.ops.Drainer;
import io.docingest.ops.InFlightMessages;
import io.docingest.ops.OutageBreaker;
import io.micrometer.core.instrument.Gauge;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.opensearch.client.RestClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The readiness checks of ingest.health.dependencies and the stuck-consumer check. */
public class HealthBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) {
        Registry registry = camel.getRegistry();
        IngestMetrics metrics = registry.findSingleByType(IngestMetrics.class);
        new HealthChecks(registry.findSingleByType(Settings.class), registry.findSingleByType(S3Client.class),
                registry.findSingleByType(SqsClient.class), registry.lookupByNameAndType("openSearch", RestClient.class),
                metrics, registry.findSingleByType(Drainer.class), registry.findSingleByType(InFlightMessages.class),
                () -> breaker(camel).paused()).bindTo(registry);
        Gauge.builder("ingest.sources.paused", camel, c -> breaker(c).paused())
                .description("source routes paused until the dependencies answer").register(metrics.registry());
    }

    @BindToRegistry(lazy = true)
    public ApiHealth apiHealth(CamelContext camel) {
        return new ApiHealth(camel);
    }

    private static OutageBreaker breaker(CamelContext camel) {
        return camel.getRegistry().lookupByNameAndType("outageBreaker", OutageBreaker.class);
    }
}
