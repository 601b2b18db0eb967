package io.docingest.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * This worker as a member of its Auto Scaling group (ARCHITECTURE.md, "The fleet"), looked at every
 * {@code ingest.fleet.poll-interval-ms} by routes/ops/fleet.yaml:
 * <ul>
 *   <li>scale-in protection on while it holds a document, off once idle: the group never
 *   terminates a worker mid-document to scale in;</li>
 *   <li>readiness down for longer than {@code ingest.fleet.unhealthy-after-seconds} (a role not
 *   mapped in OpenSearch, a boot during an outage): the worker tells the group it is unhealthy,
 *   and the group replaces it;</li>
 *   <li>a termination lifecycle action under way (the instance metadata's
 *   {@code autoscaling/target-lifecycle-state} says Terminated): the same drain as SIGTERM, with
 *   heartbeats while it lasts, then the lifecycle action completed.</li>
 * </ul>
 */
public class FleetMember {

    private static final Logger LOG = LoggerFactory.getLogger(FleetMember.class);

    private final AutoScalingClient autoScaling;
    private final InstanceMetadata metadata;
    private final Drainer drainer;
    private final BooleanSupplier ready;
    private final IntSupplier documentsInFlight;
    private final Duration unhealthyAfter;
    private final String terminationHook;
    private final Duration heartbeat;
    private String instanceId;
    private String group;
    private Boolean protectedNow;
    private long notReadySince;
    private boolean reportedUnhealthy;
    private final AtomicBoolean leaving = new AtomicBoolean();

    public FleetMember(AutoScalingClient autoScaling, InstanceMetadata metadata, Drainer drainer, BooleanSupplier ready,
                       IntSupplier documentsInFlight, Duration unhealthyAfter, String terminationHook, Duration heartbeat) {
        this.autoScaling = autoScaling;
        this.metadata = metadata;
        this.drainer = drainer;
        this.ready = ready;
        this.documentsInFlight = documentsInFlight;
        this.unhealthyAfter = unhealthyAfter;
        this.terminationHook = terminationHook;
        this.heartbeat = heartbeat;
    }

    /** Scale-in protection as the work says, and the health the group acts on. */
    public synchronized void watch() throws IOException, InterruptedException {
        identify();
        boolean busy = documentsInFlight.getAsInt() > 0;
        if (protectedNow == null || busy != protectedNow) {
            autoScaling.setInstanceProtection(p -> p.autoScalingGroupName(group).instanceIds(instanceId).protectedFromScaleIn(busy));
            protectedNow = busy;
            LOG.info("Scale-in protection {}: {} document(s) in hand", busy ? "on" : "off", documentsInFlight.getAsInt());
        }
        if (ready.getAsBoolean()) {
            notReadySince = 0;
            return;
        }
        long now = System.nanoTime();
        notReadySince = notReadySince == 0 ? now : notReadySince;
        if (!reportedUnhealthy && now - notReadySince > unhealthyAfter.toNanos()) {
            autoScaling.setInstanceHealth(h -> h.instanceId(instanceId).healthStatus("Unhealthy").shouldRespectGracePeriod(false));
            reportedUnhealthy = true;
            LOG.error("Not ready for more than ingest.fleet.unhealthy-after-seconds ({} s): reported Unhealthy to {}, which "
                    + "replaces this instance", unhealthyAfter.toSeconds(), group);
        }
    }

    /** Whether the group is terminating this instance (scale-in, a refresh, an operator), and it has not yet left. */
    public boolean isTerminating() throws IOException, InterruptedException {
        return !leaving.get() && metadata.get("autoscaling/target-lifecycle-state").map("Terminated"::equals).orElse(false);
    }

    /**
     * Drains as SIGTERM does, sending lifecycle heartbeats so a long document does not run out the
     * hook's timeout, then lets the group go on with the termination.
     */
    public void drainAndLeave() throws Exception {
        if (!leaving.compareAndSet(false, true)) {
            return;
        }
        identify();
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lifecycle-heartbeat"));
        beats.scheduleAtFixedRate(() -> {
            try {
                autoScaling.recordLifecycleActionHeartbeat(h -> h.autoScalingGroupName(group).lifecycleHookName(terminationHook)
                        .instanceId(instanceId));
            } catch (RuntimeException e) {
                LOG.warn("Lifecycle heartbeat not recorded: {}", e.getMessage());
            }
        }, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        try {
            drainer.drain("termination lifecycle action");
        } finally {
            beats.shutdownNow();
        }
        autoScaling.completeLifecycleAction(c -> c.autoScalingGroupName(group).lifecycleHookName(terminationHook)
                .instanceId(instanceId).lifecycleActionResult("CONTINUE"));
        LOG.info("Drained; lifecycle action {} completed for {}", terminationHook, instanceId);
    }

    /** The instance and its group, asked once. */
    private void identify() throws IOException, InterruptedException {
        if (group != null) {
            return;
        }
        instanceId = metadata.get("instance-id").orElseThrow(() -> new IOException("the instance metadata has no instance-id"));
        group = autoScaling.describeAutoScalingInstances(d -> d.instanceIds(instanceId)).autoScalingInstances().stream()
                .findFirst().orElseThrow(() -> new IOException(instanceId + " is in no Auto Scaling group"))
                .autoScalingGroupName();
    }
}
