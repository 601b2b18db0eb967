package io.docingest;

import io.docingest.support.AutoScalingStub;
import io.docingest.support.LocalServers;
import io.docingest.support.MetadataServiceStub;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.docingest.support.Workers.slowScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker as a member of its Auto Scaling group, against local stand-ins for the Auto Scaling
 * API (through the real SDK client) and the instance metadata service: scale-in protection follows
 * the work, and a worker whose readiness stays down tells the group to replace it. (The drain on a
 * termination lifecycle action ends the process: WorkerLifecycleIT.)
 */
class FleetTest {

    @Test
    void holdingADocumentSetsScaleInProtectionAndFinishingClearsIt() throws Exception {
        try (AutoScalingStub autoScaling = new AutoScalingStub(); MetadataServiceStub metadata = new MetadataServiceStub();
             RunningDaemon daemon = new RunningDaemon("fleet-protect", fleet(autoScaling, metadata))) {
            String key = "files/fleet/long.pdf";
            daemon.putObject(key, slowScan(3));
            daemon.deliver(daemon.transformedEvent(key));
            await().atMost(30, TimeUnit.SECONDS).until(() -> protection(autoScaling).endsWith("true false"));
            assertThat(protection(autoScaling)).as("on while the document was held, off after (and off at start if the "
                    + "first look came before the document)").isIn("true false", "false true false");
            Map<String, String> on = autoScaling.calls("SetInstanceProtection").stream()
                    .filter(call -> "true".equals(call.get("ProtectedFromScaleIn"))).findFirst().orElseThrow();
            assertThat(on).containsEntry("AutoScalingGroupName", AutoScalingStub.GROUP)
                    .containsEntry("InstanceIds.member.1", AutoScalingStub.INSTANCE);
        }
    }

    @Test
    void readinessDownPastTheLimitReportsTheInstanceUnhealthyOnce() throws Exception {
        LocalServers servers = LocalServers.get();
        try (AutoScalingStub autoScaling = new AutoScalingStub(); MetadataServiceStub metadata = new MetadataServiceStub();
             TcpProxy openSearch = new TcpProxy("127.0.0.1", servers.openSearch.httpPort())) {
            Properties props = fleet(autoScaling, metadata);
            props.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + openSearch.port());
            try (RunningDaemon daemon = new RunningDaemon("fleet-health", props)) {
                assertThat(autoScaling.calls("SetInstanceHealth")).as("ready: nothing reported").isEmpty();
                openSearch.stop();
                await().atMost(60, TimeUnit.SECONDS).until(() -> !autoScaling.calls("SetInstanceHealth").isEmpty());
                assertThat(autoScaling.calls("SetInstanceHealth").get(0)).containsEntry("InstanceId", AutoScalingStub.INSTANCE)
                        .containsEntry("HealthStatus", "Unhealthy");
                // Each look at the group also asks the metadata whether a termination is under way.
                int looks = metadata.requests().size();
                await().atMost(30, TimeUnit.SECONDS).until(() -> metadata.requests().size() > looks + 10);
                assertThat(autoScaling.calls("SetInstanceHealth")).as("reported once").hasSize(1);
                openSearch.start();
            }
        }
    }

    private static Properties fleet(AutoScalingStub autoScaling, MetadataServiceStub metadata) {
        Properties props = new Properties();
        props.setProperty("ingest.fleet.enabled", "true");
        props.setProperty("ingest.fleet.endpoint-override", autoScaling.endpoint());
        props.setProperty("ingest.aws.metadata-endpoint", metadata.endpoint());
        props.setProperty("ingest.fleet.poll-interval-ms", "200");
        props.setProperty("ingest.fleet.unhealthy-after-seconds", "2");
        props.setProperty("ingest.pages.parallelism", "1");
        props.setProperty("ingest.pages.batch-size", "1");
        return props;
    }

    /** The protection states asked for, in order, e.g. "true false". */
    private static String protection(AutoScalingStub autoScaling) {
        return String.join(" ", autoScaling.calls("SetInstanceProtection").stream()
                .map(call -> call.get("ProtectedFromScaleIn")).toList());
    }
}
