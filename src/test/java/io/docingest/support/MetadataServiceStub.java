package io.docingest.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the EC2 instance metadata service, IMDSv2 only: a token from
 * {@code PUT /latest/api/token}; {@code spot/instance-action} answering 404 until a notice is
 * given, then the notice JSON; {@code instance-id}; and {@code autoscaling/target-lifecycle-state},
 * InService until the group starts terminating the instance. Requests without the token get 401,
 * as on a real instance with HttpTokens=required.
 */
public final class MetadataServiceStub implements AutoCloseable {

    private static final String TOKEN = "imds-token-for-tests";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean notice;
    private volatile String lifecycleState = "InService";

    public MetadataServiceStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/latest/api/token", this::token);
        server.createContext("/latest/meta-data/spot/instance-action", this::instanceAction);
        server.createContext("/latest/meta-data/instance-id", http -> authorised(http, AutoScalingStub.INSTANCE));
        server.createContext("/latest/meta-data/autoscaling/target-lifecycle-state", http -> authorised(http, lifecycleState));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void giveNotice() {
        notice = true;
    }

    /** The group has started terminating this instance (scale-in, a refresh): its drain hook waits. */
    public void terminate() {
        lifecycleState = "Terminated";
    }

    public List<String> requests() {
        return requests;
    }

    private void token(HttpExchange http) throws IOException {
        requests.add(http.getRequestMethod() + " token");
        boolean ok = "PUT".equals(http.getRequestMethod())
                && http.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null;
        respond(http, ok ? 200 : 400, ok ? TOKEN : "");
    }

    private void instanceAction(HttpExchange http) throws IOException {
        boolean authorised = TOKEN.equals(http.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"));
        requests.add(http.getRequestMethod() + " instance-action" + (authorised ? " with token" : " without token"));
        if (!authorised) {
            respond(http, 401, "");
        } else if (notice) {
            respond(http, 200, "{\"action\": \"terminate\", \"time\": \"2026-11-26T12:00:00Z\"}");
        } else {
            respond(http, 404, "Not Found");
        }
    }

    private void authorised(HttpExchange http, String body) throws IOException {
        boolean authorised = TOKEN.equals(http.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"));
        requests.add(http.getRequestMethod() + " " + http.getRequestURI().getPath() + (authorised ? " with token" : " without token"));
        respond(http, authorised ? 200 : 401, authorised ? body : "");
    }

    private static void respond(HttpExchange http, int status, String body) throws IOException {
        try (http) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                http.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
