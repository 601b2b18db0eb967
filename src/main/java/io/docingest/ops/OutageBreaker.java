package io.docingest.ops;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.throttling.ThrottlingExceptionHalfOpenHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One breaker for every source route that carries it ({@code routePolicy: "...,#outageBreaker"}):
 * the first source exchange that ends failed pauses them all. A source exchange fails only when
 * its document could not be acknowledged: handed back after a transient failure
 * ({@link TransientHandBack}), or not even parked (the dead-letter queue unreachable), and a
 * dependency down fails every source alike. Every
 * {@code ingest.outage.probe-interval-ms} the {@code dependencyProbes} bean is asked whether the
 * dependencies answer again, and when they do the sources resume.
 * <p>
 * Hand-written although Camel has ThrottlingExceptionRoutePolicy with the same half-open check:
 * that policy keeps one route's state per instance and pauses only the route that failed, and
 * a route template cannot give each templated route a policy instance of its own.
 */
public class OutageBreaker extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(OutageBreaker.class);

    private final Set<Route> sources = ConcurrentHashMap.newKeySet();
    private final Registry registry;
    private final Drainer drainer;
    private final ScheduledExecutorService scheduler;
    private final long probeIntervalMs;
    private ScheduledFuture<?> probing;  // guarded by this; non-null while open

    public OutageBreaker(Registry registry, Drainer drainer, ScheduledExecutorService scheduler, long probeIntervalMs) {
        this.registry = registry;
        this.drainer = drainer;
        this.scheduler = scheduler;
        this.probeIntervalMs = probeIntervalMs;
    }

    @Override
    public void onInit(Route route) {
        sources.add(route);
    }

    @Override
    public void onRemove(Route route) {
        sources.remove(route);
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.isFailed()) {
            open(String.valueOf(exchange.getException().getMessage()));
        }
    }

    /** Sources paused for an outage now (0 or all of them). */
    public synchronized int paused() {
        return probing == null ? 0 : sources.size();
    }

    private synchronized void open(String why) {
        if (probing != null || drainer.isDraining()) {
            return;
        }
        LOG.warn("Pausing {} source(s) until the dependencies answer (asked every {} ms): {}", sources.size(),
                probeIntervalMs, why);
        sources.forEach(source -> suspend(source, true));
        probing = scheduler.scheduleWithFixedDelay(this::probe, probeIntervalMs, probeIntervalMs, TimeUnit.MILLISECONDS);
    }

    private void probe() {
        ThrottlingExceptionHalfOpenHandler dependencies = registry.lookupByNameAndType("dependencyProbes",
                ThrottlingExceptionHalfOpenHandler.class);
        if (dependencies.isReadyToBeClosed()) {
            resumeSources();
        }
    }

    private synchronized void resumeSources() {
        if (probing == null) {
            return;
        }
        probing.cancel(false);
        probing = null;
        if (!drainer.isDraining()) {  // a drain has stopped them for good
            sources.forEach(source -> suspend(source, false));
            LOG.info("Resumed {} source(s)", sources.size());
        }
    }

    /** The consumer only: suspending the route would wait for its in-flight exchanges, as the drain says. */
    private static void suspend(Route source, boolean suspend) {
        try {
            if (suspend) {
                ServiceHelper.suspendService(source.getConsumer());
            } else {
                ServiceHelper.resumeService(source.getConsumer());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not {} {}: {}", suspend ? "pause" : "resume", source.getRouteId(), e.getMessage());
        }
    }
}
