package io.docingest.metrics;

import io.docingest.config.Settings;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

import java.time.Duration;
import java.util.Map;

/**
 * Where the pipeline's meters go: always the Prometheus registry the management port serves, and
 * in the aws profile CloudWatch too (namespace from config), both fed by the same meters. The
 * composite is kept out of Camel's registry: Camel's Prometheus service insists on finding a
 * Prometheus registry there.
 */
public final class MeterRegistries {

    private MeterRegistries() {
    }

    public static MeterRegistry withCloudWatch(Settings settings, MeterRegistry prometheus, CloudWatchAsyncClient cloudWatch) {
        Map<String, String> config = Map.of(
                "cloudwatch.namespace", settings.text("ingest.metrics.cloudwatch.namespace"),
                "cloudwatch.step", step(settings).toString());
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus);
        composite.add(new CloudWatchMeterRegistry((CloudWatchConfig) config::get, Clock.SYSTEM, cloudWatch));
        return composite;
    }

    public static Duration step(Settings settings) {
        return Duration.ofSeconds(settings.integer("ingest.metrics.cloudwatch.step-seconds"));
    }
}
