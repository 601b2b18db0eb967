package io.docingest.health;

import io.docingest.metrics.IngestMetrics;
import io.docingest.ops.Drainer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Liveness: a stuck consumer. Messages are waiting, the worker is not draining, and nothing has
 * moved (no document started, no page batch finished, no outcome) for longer than the configured
 * time. Restarting is then the cure; a dependency outage (sources paused by their breakers) is
 * readiness's business, not this one's.
 */
public class ProgressCheck extends AbstractHealthCheck {

    private final IngestMetrics metrics;
    private final IntSupplier messagesWaiting;
    private final Drainer drainer;
    private final IntSupplier pausedSources;
    private final Duration stuckAfter;

    public ProgressCheck(IngestMetrics metrics, IntSupplier messagesWaiting, Drainer drainer, IntSupplier pausedSources,
                         Duration stuckAfter) {
        super("ingest", "progress");
        this.pausedSources = pausedSources;
        this.metrics = metrics;
        this.messagesWaiting = messagesWaiting;
        this.drainer = drainer;
        this.stuckAfter = stuckAfter;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration quiet = Duration.between(metrics.lastProgress(), Instant.now());
        builder.detail("seconds_since_progress", quiet.toSeconds());
        if (drainer.isDraining() || quiet.compareTo(stuckAfter) < 0) {
            builder.up();
            return;
        }
        int paused = pausedSources.getAsInt();
        if (paused > 0) {
            // Waiting out an outage is not being stuck: readiness says which dependency is down.
            builder.detail("sources_paused", paused).up();
            return;
        }
        int waiting;
        try {
            waiting = messagesWaiting.getAsInt();
        } catch (RuntimeException e) {
            // Unknown, not stuck: the queue being unreachable is what readiness reports.
            builder.unknown().message("cannot read the queue depth: " + e.getMessage());
            return;
        }
        builder.detail("messages_waiting", waiting);
        if (waiting > 0) {
            builder.down().message("no progress for " + quiet.toSeconds() + " s while " + waiting + " messages wait");
        } else {
            builder.up();
        }
    }
}
