package io.docingest;

import io.docingest.config.AwsClients;
import io.docingest.config.Limits;
import io.docingest.config.Settings;
import io.docingest.document.KeyPrefixes;
import io.docingest.http.ApiServerEngine;
import io.docingest.index.OpenSearchClients;
import io.docingest.metrics.AwsCallMetrics;
import io.docingest.metrics.FilesProcessedPublisher;
import io.docingest.metrics.IngestMetrics;
import io.docingest.metrics.MeterRegistries;
import io.docingest.metrics.OpenSearchCallMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.opensearch.OpensearchComponent;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.spi.Registry;
import org.opensearch.client.RestClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;

/**
 * The composition root's own beans: what every package shares (the clients of S3, SQS, Bedrock
 * and OpenSearch, the meters, the limits, the document's ids and key prefixes). Each package
 * declares its own beans in its {@code *Beans} class; {@link IngestApplication} adds them all.
 * Beans are lazy: each is built when first looked up, after the beans it takes, whatever the
 * order of the methods (ARCHITECTURE.md, "Where code goes").
 */
public class IngestConfiguration implements CamelConfiguration {

    /** Two RestClient beans: autowiring needs exactly one, so the component is told which is its own. */
    @Override
    public void configure(CamelContext camel) {
        camel.getComponent("opensearch", OpensearchComponent.class)
                .setClient(camel.getRegistry().lookupByNameAndType("openSearchRestClient", RestClient.class));
    }

    @BindToRegistry(lazy = true)
    public Settings settings(CamelContext camel) {
        return new Settings(camel);
    }

    /**
     * The pipeline's meters, on the Prometheus registry Camel serves on the management port: Camel
     * Main may have created it already (camel.metrics.enabled), else Camel will use this one.
     */
    @BindToRegistry(lazy = true)
    public IngestMetrics ingestMetrics(CamelContext camel, Registry registry, Settings settings) throws Exception {
        PrometheusMeterRegistry prometheus = registry.lookupByNameAndType("metricsRegistry", PrometheusMeterRegistry.class);
        if (prometheus == null) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", prometheus);
        }
        if (!settings.flag("ingest.metrics.cloudwatch.enabled")) {
            return new IngestMetrics(prometheus, null);
        }
        // Not the awsClients bean: that one reports its calls to these meters.
        CloudWatchAsyncClient cloudWatch = new AwsClients(settings).cloudWatch();
        FilesProcessedPublisher filesProcessed = new FilesProcessedPublisher(camel, cloudWatch,
                settings.text("ingest.metrics.cloudwatch.files-namespace"), MeterRegistries.step(settings));
        camel.addService(filesProcessed, true, true);
        return new IngestMetrics(MeterRegistries.withCloudWatch(settings, prometheus, cloudWatch), filesProcessed);
    }

    @BindToRegistry(lazy = true)
    public AwsClients awsClients(Settings settings, IngestMetrics metrics) {
        return new AwsClients(settings, List.of(new AwsCallMetrics(metrics.registry())));
    }

    @BindToRegistry(lazy = true)
    public S3Client s3Client(AwsClients aws) {
        return aws.s3();
    }

    @BindToRegistry(lazy = true)
    public SqsClient sqsClient(AwsClients aws) {
        return aws.sqs();
    }

    /** Looked up only where ingest.embedding.provider is bedrock: local mode never builds it. */
    @BindToRegistry(lazy = true)
    public BedrockRuntimeClient bedrockClient(AwsClients aws) {
        return aws.bedrock();
    }

    /**
     * Two OpenSearch clients: the opensearch component's calls are asynchronous and Camel continues
     * the route on the client's I/O thread; a blocking call from there on the same client would
     * wait for that very thread. The component gets this one...
     */
    @BindToRegistry(lazy = true)
    public RestClient openSearchRestClient(Settings settings, IngestMetrics metrics) {
        return OpenSearchClients.restClient(settings, new OpenSearchCallMetrics(metrics.registry()));
    }

    /** ...and the beans that call OpenSearch and wait for the answer get this one. */
    @BindToRegistry(lazy = true)
    public RestClient openSearch(Settings settings, IngestMetrics metrics) {
        return OpenSearchClients.restClient(settings, new OpenSearchCallMetrics(metrics.registry()));
    }

    @BindToRegistry(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME)
    public ApiServerEngine apiServerEngine(@PropertyInject("camel.server.port") int port) {
        return new ApiServerEngine(port);
    }

    @BindToRegistry(lazy = true)
    public Limits limits(@PropertyInject("ingest.limits.max-object-bytes") long maxObjectBytes,
                         @PropertyInject("ingest.limits.max-pages") int maxPages,
                         @PropertyInject("ingest.limits.max-pixels-per-page") long maxPixelsPerPage,
                         @PropertyInject("ingest.limits.ocr-page-timeout-ms") int ocrPageTimeoutMs,
                         @PropertyInject("ingest.limits.document-timeout-ms") long documentTimeoutMs) {
        return new Limits(maxObjectBytes, maxPages, maxPixelsPerPage, ocrPageTimeoutMs, documentTimeoutMs);
    }

    @BindToRegistry(lazy = true)
    public KeyPrefixes keyPrefixes(@PropertyInject("ingest.s3.key-prefix") String watched,
                                   @PropertyInject("ingest.upload.key-prefix") String uploads) {
        return new KeyPrefixes(watched, uploads);
    }
}
