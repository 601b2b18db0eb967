package io.docingest.health;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness: can this worker reach one dependency (SQS, S3, OpenSearch, Bedrock) right now? The
 * probe is one cheap, bounded call; an outage makes the worker unready, not dead, so a load
 * balancer stops sending it uploads while systemd leaves it running to recover.
 */
public class DependencyCheck extends AbstractHealthCheck {

    /** One bounded call that throws when the dependency cannot be reached. */
    @FunctionalInterface
    public interface Probe {
        void call() throws Exception;
    }

    private final Probe probe;

    public DependencyCheck(String dependency, Probe probe) {
        super("ingest", "dependency:" + dependency);
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            probe.call();
            builder.up();
        } catch (Exception e) {
            builder.down().message(e.getClass().getSimpleName() + ": " + e.getMessage()).error(e);
        }
    }
}
