package io.docingest.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

import java.time.Duration;

/**
 * Latency and errors of every AWS call (S3, SQS, Bedrock), from the SDK's own per-call metrics
 * rather than timing each call site: {@code ingest.aws.calls{service, operation, outcome}}.
 */
public class AwsCallMetrics implements MetricPublisher {

    private final MeterRegistry registry;

    public AwsCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void publish(MetricCollection call) {
        String service = first(call, CoreMetric.SERVICE_ID, "unknown");
        String operation = first(call, CoreMetric.OPERATION_NAME, "unknown");
        Boolean successful = call.metricValues(CoreMetric.API_CALL_SUCCESSFUL).stream().findFirst().orElse(false);
        Duration duration = call.metricValues(CoreMetric.API_CALL_DURATION).stream().findFirst().orElse(Duration.ZERO);
        Timer.builder("ingest.aws.calls").description("AWS SDK calls, retries included")
                .tag("service", service).tag("operation", operation).tag("outcome", successful ? "success" : "error")
                .register(registry).record(duration);
    }

    private static String first(MetricCollection call, software.amazon.awssdk.metrics.SdkMetric<String> metric, String fallback) {
        return call.metricValues(metric).stream().findFirst().orElse(fallback);
    }

    @Override
    public void close() {
    }
}
