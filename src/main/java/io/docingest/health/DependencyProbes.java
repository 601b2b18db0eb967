package io.docingest.health;

import io.docingest.embed.Embedder;
import io.docingest.ops.Drainer;
import org.apache.camel.throttling.ThrottlingExceptionHalfOpenHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The sources' breakers ask this whether to take messages again after an outage: every
 * dependency of ingest.health.dependencies answers its readiness probe, and, when documents are
 * embedded with Bedrock, one real embedding of a word succeeds (Bedrock's readiness probe only
 * connects: a 503 or a refused role would pass it). Never while the worker drains.
 */
public class DependencyProbes implements ThrottlingExceptionHalfOpenHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyProbes.class);

    private final Map<String, DependencyCheck.Probe> probes;
    private final Supplier<Embedder> bedrock;
    private final Drainer drainer;

    /** {@code bedrock} gives the embedder to try, or null when documents are not embedded with Bedrock. */
    public DependencyProbes(Map<String, DependencyCheck.Probe> probes, Supplier<Embedder> bedrock, Drainer drainer) {
        this.probes = Map.copyOf(probes);
        this.bedrock = bedrock;
        this.drainer = drainer;
    }

    @Override
    public boolean isReadyToBeClosed() {
        if (drainer.isDraining()) {
            return false;
        }
        for (Map.Entry<String, DependencyCheck.Probe> probe : probes.entrySet()) {
            try {
                probe.getValue().call();
            } catch (Exception e) {
                LOG.warn("Sources stay paused: {} does not answer: {}", probe.getKey(), e.getMessage());
                return false;
            }
        }
        if (bedrock != null) {
            try {
                bedrock.get().embed("probe");
            } catch (RuntimeException e) {
                LOG.warn("Sources stay paused: Bedrock refuses an embedding: {}", e.getMessage());
                return false;
            }
        }
        LOG.info("Dependencies answer again: sources resume");
        return true;
    }
}
