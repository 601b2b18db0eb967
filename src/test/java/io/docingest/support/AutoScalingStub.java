package io.docingest.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the Auto Scaling API at the network boundary, driven by the real SDK client
 * (the query protocol: a form-encoded POST in, XML out). It knows one instance in one group, and
 * records every call with its parameters.
 */
public final class AutoScalingStub implements AutoCloseable {

    public static final String INSTANCE = "i-0123456789abcdef0";
    public static final String GROUP = "doc-ingest-workers";
    private static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    private final HttpServer server;
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

    public AutoScalingStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The calls so far, each its form parameters (Action first). */
    public List<Map<String, String>> calls() {
        return calls;
    }

    public List<Map<String, String>> calls(String action) {
        return calls.stream().filter(call -> action.equals(call.get("Action"))).toList();
    }

    private void handle(HttpExchange http) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        calls.add(form);
        String action = form.getOrDefault("Action", "");
        String result = "DescribeAutoScalingInstances".equals(action)
                ? "<DescribeAutoScalingInstancesResult><AutoScalingInstances><member><InstanceId>" + INSTANCE
                        + "</InstanceId><AutoScalingGroupName>" + GROUP + "</AutoScalingGroupName><AvailabilityZone>ap-northeast-1a"
                        + "</AvailabilityZone><LifecycleState>InService</LifecycleState><HealthStatus>HEALTHY</HealthStatus>"
                        + "<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member></AutoScalingInstances>"
                        + "</DescribeAutoScalingInstancesResult>"
                : "<" + action + "Result/>";
        byte[] body = ("<" + action + "Response xmlns=\"" + NS + "\">" + result
                + "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></" + action + "Response>")
                .getBytes(StandardCharsets.UTF_8);
        try (http) {
            http.getResponseHeaders().add("Content-Type", "text/xml");
            http.sendResponseHeaders(200, body.length);
            http.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
