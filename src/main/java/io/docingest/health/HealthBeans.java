package io.docingest.health;

import io.docingest.config.Settings;
import io.docingest.metrics.IngestMetrics;
import io.docingest.ops.Drainer;
import io.docingest.ops.InFlightMessages;
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
        new HealthChecks(registry.findSingleByType(Settings.class), registry.findSingleByType(S3Client.class),
                registry.findSingleByType(SqsClient.class), registry.lookupByNameAndType("openSearch", RestClient.class),
                registry.findSingleByType(IngestMetrics.class), registry.findSingleByType(Drainer.class),
                registry.findSingleByType(InFlightMessages.class)).bindTo(registry);
    }
}
