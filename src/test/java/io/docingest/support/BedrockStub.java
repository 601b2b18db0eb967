package io.docingest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP stand-in for the Bedrock Runtime InvokeModel API, the one part of AWS that cannot run
 * here. The real SDK client talks to it; it checks what Bedrock would: the model id in the path,
 * a SigV4 Authorization header and the Titan JSON body; and it answers with a deterministic vector
 * (character bigrams hashed into the requested dimensions, normalised) so equal texts embed equally.
 * It can be told to answer 429 for the next n requests, as Bedrock does when throttling.
 */
public final class BedrockStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK's HTTP server leaves Nagle's algorithm on unless told; with the client's delayed
        // ACK, every answer then waited about 40 ms more, a latency Bedrock does not have (1,000
        // embeddings at concurrency 8 took 18.4 s instead of 13.2). Read when the JVM's first
        // HttpServer starts, which in the benchmark and most test runs is this one.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final String modelId;
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger atOnce = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile long answerAfterMillis;
    private volatile int failWith;
    private final AtomicInteger outageAnswers = new AtomicInteger();
    private final java.util.concurrent.ScheduledExecutorService latency = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bedrock-stub-latency");
        thread.setDaemon(true);
        return thread;
    });

    public BedrockStub(String modelId) throws IOException {
        this.modelId = modelId;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // Concurrent requests are answered concurrently, as Bedrock does.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int invocations() {
        return invocations.get();
    }

    /** Requests that did not look like a Bedrock client's (wrong path, unsigned, bad body). */
    public List<String> rejections() {
        return rejections;
    }

    public int throttled() {
        return throttled.get();
    }

    /** While not 0, every valid request is answered with this status (503: a regional outage); 0 answers again. */
    public void failWith(int status) {
        failWith = status;
    }

    /** Requests answered with the {@link #failWith} status so far. */
    public int outageAnswers() {
        return outageAnswers.get();
    }

    public void throttleNext(int requests) {
        throttleNext.set(requests);
    }

    /** Each answer takes this long from now on (a real call's round trip); 0 answers at once. */
    public void answerAfter(long millis) {
        answerAfterMillis = millis;
    }

    /** The most requests that were being answered at once since the last reset. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    public void resetMostAtOnce() {
        mostAtOnce.set(0);
    }

    private void handle(HttpExchange http) throws IOException {
        String path = URLDecoder.decode(http.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        String auth = http.getRequestHeaders().getFirst("Authorization");
        JsonNode body = JSON.readTree(http.getRequestBody());
        String problem = !"POST".equals(http.getRequestMethod()) ? "method " + http.getRequestMethod()
                : !path.equals("/model/" + modelId + "/invoke") ? "path " + path
                : auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=") || !auth.contains("/bedrock/aws4_request")
                ? "authorization " + auth
                : !body.path("inputText").isTextual() || !body.path("dimensions").isInt() || !body.has("normalize")
                ? "body " + body : null;
        if (problem != null) {
            rejections.add(problem);
            respond(http, 400, "{\"message\":\"stub rejected " + problem.replace("\"", "'") + "\"}");
            return;
        }
        int outage = failWith;
        if (outage != 0) {
            outageAnswers.incrementAndGet();
            respond(http, outage, "{\"message\":\"Bedrock is unavailable (stub outage)\"}");
            return;
        }
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throttled.incrementAndGet();
            respond(http, 429, "{\"message\":\"Too many requests, please wait before trying again.\"}");
            return;
        }
        invocations.incrementAndGet();
        mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
        String text = body.get("inputText").asText();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode vector = answer.putArray("embedding");
        for (float v : vectorOf(text, body.get("dimensions").asInt())) {
            vector.add(v);
        }
        answer.put("inputTextTokenCount", text.length());
        // The stub's latency: the answer is sent that much later, no thread held meanwhile.
        long after = answerAfterMillis;
        if (after > 0) {
            latency.schedule(() -> answer(http, answer), after, java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            answer(http, answer);
        }
    }

    private void answer(HttpExchange http, ObjectNode answer) {
        atOnce.decrementAndGet();
        try {
            respond(http, 200, answer.toString());
        } catch (IOException e) {
            // the client gave up waiting; it will say so
        }
    }

    /** The vector the stub gives a text: tests use it to build k-NN queries. */
    public static float[] vectorOf(String text, int dimensions) {
        float[] v = new float[dimensions];
        for (int i = 0; i + 1 < text.length(); i++) {
            int bucket = Math.floorMod(text.substring(i, i + 2).hashCode(), dimensions);
            v[bucket] += 1;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static void respond(HttpExchange http, int status, String json) throws IOException {
        try (http) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", "application/json");
            http.sendResponseHeaders(status, bytes.length);
            http.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        latency.shutdownNow();
        server.stop(0);
    }
}
