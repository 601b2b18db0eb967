package io.docingest.ops;

import io.docingest.config.AwsClients;
import io.docingest.metrics.IngestMetrics;
import io.docingest.status.StatusIndex;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What keeps a worker's messages safe: visibility renewals, the drain, the Spot notice and fleet watches. */
public class OpsBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public InFlightMessages inFlightMessages(CamelContext camel, SqsClient sqs, IngestMetrics metrics,
                                             @PropertyInject("ingest.sqs.visibility-timeout") int visibilitySeconds,
                                             @PropertyInject("ingest.sqs.max-hold-seconds") int maxHoldSeconds) {
        return new InFlightMessages(sqs, visibilitySeconds, Duration.ofSeconds(maxHoldSeconds), metrics,
                camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "sqs-visibility"));
    }

    @BindToRegistry(lazy = true)
    public TransientHandBack handBack(InFlightMessages inFlight, IngestMetrics metrics, StatusIndex status,
                                      @PropertyInject("ingest.retry.transient.give-up-after-hours") int giveUpAfterHours,
                                      @PropertyInject("ingest.retry.transient.hand-back-delay-seconds") int delaySeconds) {
        return new TransientHandBack(inFlight, metrics, status, java.time.Duration.ofHours(giveUpAfterHours), delaySeconds);
    }

    @BindToRegistry(lazy = true)
    public OutageBreaker outageBreaker(CamelContext camel, Drainer drainer,
                                       @PropertyInject("ingest.outage.probe-interval-ms") long probeIntervalMs) {
        return new OutageBreaker(camel.getRegistry(), drainer,
                camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "outage-probe"), probeIntervalMs);
    }

    @BindToRegistry(lazy = true)
    public PolledSources polledSources() {
        return new PolledSources();
    }

    @BindToRegistry(lazy = true)
    public Drainer drainer(InFlightMessages inFlight, PolledSources polledSources, IngestMetrics metrics,
                           @PropertyInject("ingest.shutdown.grace-seconds") int graceSeconds) {
        return new Drainer(inFlight, polledSources, metrics::documentsInFlight, Duration.ofSeconds(graceSeconds));
    }

    @BindToRegistry(lazy = true)
    public InstanceMetadata instanceMetadata(@PropertyInject("ingest.aws.metadata-endpoint") String endpoint) {
        return new InstanceMetadata(endpoint);
    }

    @BindToRegistry(lazy = true)
    public SpotInterruptionNotice spotInterruptionNotice(InstanceMetadata metadata) {
        return new SpotInterruptionNotice(metadata);
    }

    /** Built only where routes/ops/fleet.yaml runs (ingest.fleet.enabled, the aws profile): elsewhere there is no group. */
    @BindToRegistry(lazy = true)
    public FleetMember fleetMember(CamelContext camel, AwsClients aws, InstanceMetadata metadata, Drainer drainer,
                                   IngestMetrics metrics,
                                   @PropertyInject("ingest.fleet.unhealthy-after-seconds") int unhealthyAfterSeconds,
                                   @PropertyInject("ingest.fleet.termination-hook") String terminationHook,
                                   @PropertyInject("ingest.fleet.heartbeat-seconds") int heartbeatSeconds) {
        // Ready as /observe/health/ready says: every readiness check of the context UP.
        BooleanSupplier ready = () -> HealthCheckHelper.invokeReadiness(camel).stream()
                .allMatch(result -> result.getState() == HealthCheck.State.UP);
        return new FleetMember(aws.autoScaling(), metadata, drainer, ready, metrics::documentsInFlight,
                Duration.ofSeconds(unhealthyAfterSeconds), terminationHook, Duration.ofSeconds(heartbeatSeconds));
    }
}
