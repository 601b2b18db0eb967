package io.docingest.ops;

import org.apache.camel.Route;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Drains the worker before it goes away (SIGTERM from systemd, or a Spot interruption notice):
 * stop taking messages, let in-flight documents finish for up to the grace period, then hand the
 * unfinished ones back to the queue at once (visibility 0) so another worker starts them now
 * instead of after the visibility timeout.
 */
public class Drainer {

    private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);

    private final InFlightMessages inFlight;
    private final PolledSources polledSources;
    private final IntSupplier documentsInFlight;
    private final Duration grace;
    private final AtomicBoolean drained = new AtomicBoolean();
    private volatile boolean releasedAny;

    public Drainer(InFlightMessages inFlight, PolledSources polledSources, IntSupplier documentsInFlight, Duration grace) {
        this.inFlight = inFlight;
        this.polledSources = polledSources;
        this.documentsInFlight = documentsInFlight;
        this.grace = grace;
    }

    /** Idempotent: the Spot watcher and the shutdown hook may both ask. */
    public void drain(String reason) throws Exception {
        if (!drained.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("Draining ({}): {} message(s), {} document(s) in flight, grace {} s", reason, inFlight.count(),
                documentsInFlight.getAsInt(), grace.toSeconds());
        // Suspend the consumers only: suspending a route would wait for its in-flight exchanges.
        for (Route source : inFlight.sources()) {
            ServiceHelper.suspendService(source.getConsumer());
        }
        for (Route source : polledSources.routes()) {
            ServiceHelper.suspendService(source.getConsumer());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        // Every document, whatever its source: a folder's file cut off would be done again from the start.
        while ((inFlight.count() > 0 || documentsInFlight.getAsInt() > 0) && System.nanoTime() < deadline) {
            synchronized (this) {
                wait(200);  // in-flight exchanges complete on Camel's threads; poll their count
            }
        }
        release();
    }

    /**
     * After a Spot notice: leave the JVM (the shutdown hook finds the drain done and stops Camel).
     * Exit status 0, so systemd's Restart=on-failure does not start it again on a dying instance.
     */
    public void exitProcess() {
        new Thread(() -> System.exit(0), "drained-exit").start();
    }

    private void release() {
        if (inFlight.count() == 0) {
            LOG.info("Drained: every in-flight message finished");
            return;
        }
        int released = inFlight.releaseAll();
        releasedAny = true;
        LOG.warn("Released {} unfinished message(s) to the queue for other workers", released);
    }

    public boolean isDraining() {
        return drained.get();
    }

    public boolean releasedAny() {
        return releasedAny;
    }
}
