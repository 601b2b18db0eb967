package io.docingest.http;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine, pinned to the API server's port. Camel 4.17's engine finds its server
 * by looking for the only Vert.x server in the context; with the management server on its own
 * port there are two, and it falls back to port 8080, where no router exists.
 */
public class ApiServerEngine extends VertxPlatformHttpEngine {

    private final int port;

    public ApiServerEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
