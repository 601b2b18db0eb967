package io.docingest.ops;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The polling sources other than SQS (a NAS folder, FTP): a route policy that only remembers the
 * routes it is on, so a drain can stop them taking files while their documents in flight finish.
 */
public class PolledSources extends RoutePolicySupport {

    private final Set<Route> routes = ConcurrentHashMap.newKeySet();

    @Override
    public void onInit(Route route) {
        routes.add(route);
    }

    @Override
    public void onRemove(Route route) {
        routes.remove(route);
    }

    public Set<Route> routes() {
        return Set.copyOf(routes);
    }
}
