package io.docingest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for CloudWatch's PutMetricData at the network boundary, driven by the real SDK
 * client (Micrometer's registry and the daemon's own publisher). The SDK speaks Smithy RPC v2 CBOR
 * to CloudWatch: a CBOR body POSTed to {@code /service/GraniteServiceVersion20100801/operation/PutMetricData},
 * gzipped when large, answered with an empty CBOR map. It keeps every datum with its namespace.
 */
public final class CloudWatchStub implements AutoCloseable {

    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** One datum as it arrived: MetricName, Dimensions, Value or Values/Counts, Unit. */
    public record Datum(String namespace, String name, Map<String, String> dimensions, List<Double> values, List<Double> counts, String unit) {

        /** How many samples it carries (a single Value counts once). */
        public double samples() {
            return counts.isEmpty() ? values.size() : counts.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final HttpServer server;
    private final List<Datum> data = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();

    public CloudWatchStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The data received for {@code name} in {@code namespace} with exactly these dimensions. */
    public List<Datum> data(String namespace, String name, Map<String, String> dimensions) {
        return data.stream().filter(d -> d.namespace().equals(namespace) && d.name().equals(name) && d.dimensions().equals(dimensions)).toList();
    }

    /** Requests it could not read as PutMetricData; a test expects none. */
    public List<String> rejections() {
        return rejections;
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            String path = http.getRequestURI().getPath();
            if (!path.endsWith("/operation/PutMetricData") || !"rpc-v2-cbor".equals(http.getRequestHeaders().getFirst("smithy-protocol"))
                    || http.getRequestHeaders().getFirst("Authorization") == null) {
                rejections.add(http.getRequestMethod() + " " + path);
                http.sendResponseHeaders(400, -1);
                return;
            }
            JsonNode request;
            try {
                // The SDK gzips a PutMetricData body past its compression threshold (10 KiB), as CloudWatch allows.
                boolean gzipped = "gzip".equals(http.getRequestHeaders().getFirst("Content-Encoding"));
                request = CBOR.readTree(gzipped ? new GZIPInputStream(http.getRequestBody()) : http.getRequestBody());
            } catch (IOException e) {
                rejections.add("unreadable CBOR: " + e.getMessage());
                http.sendResponseHeaders(400, -1);
                return;
            }
            String namespace = request.path("Namespace").asText();
            for (JsonNode datum : request.path("MetricData")) {
                Map<String, String> dimensions = new java.util.TreeMap<>();
                datum.path("Dimensions").forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
                List<Double> values = new ArrayList<>();
                if (datum.has("Value")) {
                    values.add(datum.path("Value").asDouble());
                }
                datum.path("Values").forEach(v -> values.add(v.asDouble()));
                List<Double> counts = new ArrayList<>();
                datum.path("Counts").forEach(c -> counts.add(c.asDouble()));
                data.add(new Datum(namespace, datum.path("MetricName").asText(), dimensions, values, counts, datum.path("Unit").asText()));
            }
            byte[] body = CBOR.writeValueAsBytes(CBOR.createObjectNode());
            http.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            http.getResponseHeaders().add("Content-Type", "application/cbor");
            http.sendResponseHeaders(200, body.length);
            http.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
