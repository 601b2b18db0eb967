package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.AutoScalingStub;
import io.docingest.support.DaemonProcess;
import io.docingest.support.LocalServers.Queues;
import io.docingest.support.LocalServers;
import io.docingest.support.MetadataServiceStub;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Properties;

import static io.docingest.support.Workers.attribute;
import static io.docingest.support.Workers.awaitStarted;
import static io.docingest.support.Workers.put;
import static io.docingest.support.Workers.send;
import static io.docingest.support.Workers.settings;
import static io.docingest.support.Workers.slowScan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's life on a Spot fleet, with the daemon in its own JVM: stopped with SIGTERM, warned
 * by a Spot interruption notice, and terminated by its group through the drain lifecycle hook.
 * Nothing is lost, and no message waits for a visibility timeout after a drain. (Killed with
 * kill -9 at each point of a document: CrashPointsIT.)
 */
class WorkerLifecycleIT {

    private static final int SLOW_PAGES = 8;

    @Test
    void sigtermWithAShortGraceReleasesTheUnfinishedMessagesOfBothQueuesAtOnce() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("sigterm-release", 5);
        String key = "files/lifecycle/released.pdf";
        String urgentKey = "files/lifecycle/released-urgent.pdf";
        put(servers, key, slowScan(SLOW_PAGES));
        put(servers, urgentKey, slowScan(SLOW_PAGES));
        try (DaemonProcess worker = new DaemonProcess("sigterm-release", settings(servers, queues, "300", "2"))) {
            send(servers, queues.url(), key);
            send(servers, queues.priorityUrl(), urgentKey);
            awaitStarted(worker, key);
            awaitStarted(worker, urgentKey);
            long signalled = System.nanoTime();
            worker.terminate();
            assertThat(worker.waitForExit(60)).as("exit code").isNotEqualTo(-1);
            assertThat((System.nanoTime() - signalled) / 1_000_000_000).isLessThan(30);
            assertThat(worker.log()).contains("Released 2 unfinished message(s)");
        }
        // Visibility was 300 s: each is visible now, in its own queue, only because the drain released it.
        assertThat(attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
        assertThat(attribute(servers, queues.priorityUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
    }

    @Test
    void sigtermWithALongGraceFinishesTheDocumentFirst() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("sigterm-finish", 5);
        String key = "files/lifecycle/finished.pdf";
        put(servers, key, slowScan(SLOW_PAGES));
        try (DaemonProcess worker = new DaemonProcess("sigterm-finish", settings(servers, queues, "300", "120"))) {
            send(servers, queues.url(), key);
            awaitStarted(worker, key);
            worker.terminate();
            assertThat(worker.waitForExit(120)).as("exit code").isNotEqualTo(-1);
            assertThat(worker.log()).contains("every in-flight message finished");
        }
        assertThat(attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isZero();
        JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                servers.openSearch("GET", "/sigterm-finish-status/_doc/" + FileIds.fileId(key), null));
        assertThat(status.path("_source").path("status").asText()).isEqualTo("indexed");
    }

    @Test
    void spotInterruptionNoticeDrainsReleasesAndExits() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("spot", 5);
        String key = "files/lifecycle/spot.pdf";
        put(servers, key, slowScan(SLOW_PAGES));
        try (MetadataServiceStub metadata = new MetadataServiceStub()) {
            Properties settings = settings(servers, queues, "300", "2");
            settings.setProperty("ingest.spot.enabled", "true");
            settings.setProperty("ingest.aws.metadata-endpoint", metadata.endpoint());
            settings.setProperty("ingest.spot.poll-interval-ms", "500");
            try (DaemonProcess worker = new DaemonProcess("spot", settings)) {
                send(servers, queues.url(), key);
                awaitStarted(worker, key);
                metadata.giveNotice();
                assertThat(worker.waitForExit(60)).as("exit code").isZero();
                assertThat(worker.log()).contains("Spot interruption notice received").contains("Released 1 unfinished message(s)");
            }
            assertThat(metadata.requests()).contains("PUT token", "GET instance-action with token")
                    .doesNotContain("GET instance-action without token");
        }
        assertThat(attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
    }

    @Test
    void aTerminationLifecycleActionDrainsWithHeartbeatsThenCompletesTheAction() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("scale-in", 5);
        String key = "files/lifecycle/scale-in.pdf";
        put(servers, key, slowScan(SLOW_PAGES));
        try (AutoScalingStub autoScaling = new AutoScalingStub(); MetadataServiceStub metadata = new MetadataServiceStub()) {
            Properties settings = settings(servers, queues, "300", "120");
            settings.setProperty("ingest.fleet.enabled", "true");
            settings.setProperty("ingest.fleet.endpoint-override", autoScaling.endpoint());
            settings.setProperty("ingest.aws.metadata-endpoint", metadata.endpoint());
            settings.setProperty("ingest.fleet.poll-interval-ms", "500");
            settings.setProperty("ingest.fleet.heartbeat-seconds", "1");
            try (DaemonProcess worker = new DaemonProcess("scale-in", settings)) {
                send(servers, queues.url(), key);
                awaitStarted(worker, key);
                metadata.terminate();
                assertThat(worker.waitForExit(120)).as("exit code").isZero();
                assertThat(worker.log()).contains("every in-flight message finished");
            }
            assertThat(autoScaling.calls("SetInstanceProtection").stream().map(c -> c.get("ProtectedFromScaleIn")))
                    .as("protected while the document was held").contains("true");
            assertThat(autoScaling.calls("RecordLifecycleActionHeartbeat")).isNotEmpty()
                    .allSatisfy(call -> assertThat(call).containsEntry("LifecycleHookName", "doc-ingest-drain"));
            assertThat(autoScaling.calls("CompleteLifecycleAction")).singleElement().satisfies(call -> assertThat(call)
                    .containsEntry("LifecycleActionResult", "CONTINUE").containsEntry("InstanceId", AutoScalingStub.INSTANCE)
                    .containsEntry("AutoScalingGroupName", AutoScalingStub.GROUP));
        }
        JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                servers.openSearch("GET", "/scale-in-status/_doc/" + FileIds.fileId(key), null));
        assertThat(status.path("_source").path("status").asText()).as("the drain finished the document").isEqualTo("indexed");
    }
}
