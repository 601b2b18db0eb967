package io.docingest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.IngestApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon as production runs it (the jar's Camel Main, the YAML routes under routes/, the
 * config under config/) pointed at {@link LocalServers}, plus the test's view of the world:
 * put an object, send an event, read the DLQ, query OpenSearch.
 */
public final class RunningDaemon implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final LocalServers servers;
    public final LocalServers.Queues queues;
    public final String indexPrefix;
    private final Main main;
    private final Properties props;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    public RunningDaemon(String name, Properties extra) throws Exception {
        this(name, extra, LocalServers.get().createQueues(name, 3));
    }

    /** A daemon on queues that already exist (a restart after a crash). */
    public RunningDaemon(String name, Properties extra, LocalServers.Queues queues) throws Exception {
        this(name, extra, queues, Path.of("config"), "test");
    }

    /** A daemon reading an operator's own config directory and profile. */
    public RunningDaemon(String name, Properties extra, LocalServers.Queues queues, Path configDir, String profile) throws Exception {
        servers = LocalServers.get();
        this.queues = queues;
        indexPrefix = name;
        Properties props = servers.daemonProperties(queues, name);
        props.putAll(extra);
        this.props = props;
        main = IngestApplication.create(configDir, profile, props);
        main.start();
    }

    /** The daemon's API (uploads, status): {@code http://127.0.0.1:<camel.server.port><path>}. */
    public java.net.URI api(String path) {
        return java.net.URI.create("http://127.0.0.1:" + props.getProperty("camel.server.port") + path);
    }

    /** The management server (health, metrics). */
    public java.net.URI management(String path) {
        return java.net.URI.create("http://127.0.0.1:" + props.getProperty("camel.management.port") + path);
    }

    public java.net.http.HttpResponse<String> http(java.net.http.HttpRequest request) throws Exception {
        return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** A browser-style multipart/form-data POST to {@code /documents}: the file part, and the processor-type field when given. */
    public java.net.http.HttpResponse<String> upload(String name, byte[] content, String processorType) throws Exception {
        String boundary = "----doc-ingest-test-boundary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        if (processorType != null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"processor-type\"\r\n\r\n"
                    + processorType + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return http(java.net.http.HttpRequest.newBuilder(api("/documents"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /**
     * {@code GET /status/{id}}: the record, or a missing node while the API answers 503 (OpenSearch
     * busy for a moment on this 2-core machine), so a test polling for a state polls on.
     */
    public JsonNode status(String id) throws Exception {
        java.net.http.HttpResponse<String> answer = get(api("/status/" + id));
        return answer.statusCode() == 503 ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : JSON.readTree(answer.body());
    }

    /** Whether the route's consumer is suspended (as a drain leaves its sources), the route itself still started. */
    public boolean consumerSuspended(String routeId) {
        return ((org.apache.camel.support.service.ServiceSupport) camel().getRoute(routeId).getConsumer()).isSuspended();
    }

    public java.net.http.HttpResponse<String> get(java.net.URI uri) throws Exception {
        return http(java.net.http.HttpRequest.newBuilder(uri).GET().build());
    }

    /** The sum of a Prometheus series' samples (from the management port) whose labels include all of {@code labels}. */
    public double metric(String name, String... labels) throws Exception {
        return java.util.Arrays.stream(get(management("/observe/metrics")).body().split("\n"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** Completes when {@code messages} queue messages have been fully handled (indexed, skipped or parked). */
    public NotifyBuilder messagesDone(int messages) {
        // Split sub-exchanges (records, page batches) share the route id; only the message's own
        // exchange has no correlation id.
        return new NotifyBuilder(camel()).fromRoute("source-sqs-s3-events")
                .filter(exchange -> exchange.getProperty(Exchange.CORRELATION_ID) == null)
                .whenDone(messages).create();
    }

    /** Sends one message and waits until it is fully handled and gone from the queue. */
    public void deliver(String body) {
        NotifyBuilder done = messagesDone(1);
        send(body);
        await(done);
        org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> messagesLeft() == 0);
    }

    public void putObject(String key, byte[] content) {
        servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key), RequestBody.fromBytes(content));
    }

    public String etag(String key) {
        return servers.s3.headObject(h -> h.bucket(LocalServers.LANDING).key(key)).eTag().replace("\"", "");
    }

    public void send(String body) {
        servers.sqs.sendMessage(m -> m.queueUrl(queues.url()).messageBody(body));
    }

    /** The EventBridge input-transformer shape of the original design. */
    public String transformedEvent(String key) {
        return "{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + key + "\",\"fileSize\":1,\"etag\":\""
                + etag(key) + "\",\"eventTime\":\"2026-11-26T10:00:00Z\"}";
    }

    public int messagesLeft() {
        Map<QueueAttributeName, String> attributes = servers.sqs.getQueueAttributes(a -> a.queueUrl(queues.url())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Receives (and deletes) what the dead-letter queue holds now, as parsed envelopes. */
    public List<JsonNode> drainDeadLetters() throws Exception {
        List<JsonNode> envelopes = new ArrayList<>();
        List<Message> batch;
        do {
            batch = servers.sqs.receiveMessage(r -> r.queueUrl(queues.dlqUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : batch) {
                envelopes.add(JSON.readTree(message.body()));
                servers.sqs.deleteMessage(d -> d.queueUrl(queues.dlqUrl()).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return envelopes;
    }

    public JsonNode search(String index, String query) throws Exception {
        servers.openSearch("POST", "/" + indexPrefix + "-" + index + "/_refresh", null);
        return JSON.readTree(servers.openSearch("POST", "/" + indexPrefix + "-" + index + "/_search", query));
    }

    public JsonNode get(String index, String id) throws Exception {
        return JSON.readTree(servers.openSearch("GET", "/" + indexPrefix + "-" + index + "/_doc/" + id, null));
    }

    public static void await(NotifyBuilder notify) {
        assertThat(notify.matches(2, TimeUnit.MINUTES)).as("pipeline finished in time").isTrue();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
