package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.support.DaemonProcess;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.LocalServers.Queues;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.docingest.support.Workers.messages;
import static io.docingest.support.Workers.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP uploads against the packaged daemon: the bytes go to disk and on to S3, never whole into
 * the heap; and an upload survives its worker being killed between storing and announcing it, a
 * client's retry getting the first receipt instead of a second document.
 */
class UploadsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1024 * 1024;

    @Test
    void fourConcurrent200MiBUploadsToADaemonWith512MiBOfHeapSucceed() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("bigupload", 300);
        Properties settings = settings(servers, queues, "300", "30");
        try (DaemonProcess daemon = new DaemonProcess("bigupload", settings, "test", Map.of(), "512m")) {
            URI documents = URI.create("http://127.0.0.1:" + settings.getProperty("camel.server.port") + "/documents");
            awaitReady(settings);
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                int i = n;
                String boundary = "----big-" + i;
                HttpRequest request = i % 2 == 0
                        // raw bodies, two of them, and two multipart forms: both are streamed
                        ? HttpRequest.newBuilder(URI.create(documents + "?name=big-" + i + ".bin"))
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Noise(200 * MIB, 17 + i))).build()
                        : HttpRequest.newBuilder(documents).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> form(boundary, "big-" + i + ".bin",
                                        new Noise(200 * MIB, 17 + i)))).build();
                uploads.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> upload : uploads) {
                HttpResponse<String> response = upload.get(10, TimeUnit.MINUTES);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                String key = JSON.readTree(response.body()).path("key").asText();
                assertThat(servers.s3.headObject(h -> h.bucket(LocalServers.LANDING).key(key)).contentLength())
                        .isEqualTo(200 * MIB);
            }
            assertThat(daemon.isAlive()).isTrue();
            assertThat(daemon.log()).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void killedBetweenStoringAndAnnouncingTheUploadIsProcessedOnceAndARetryGetsTheFirstReceipt() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("uploadcrash", 5);
        byte[] pdf = Fixtures.bornDigitalPdf(List.of(List.of("Uploaded just before the worker died")));
        Properties settings = settings(servers, queues, "5", "30");
        String sqs = settings.getProperty("ingest.sqs.endpoint-override").replace("http://", "");
        String firstId;
        try (TcpProxy proxy = new TcpProxy(sqs.substring(0, sqs.indexOf(':')), Integer.parseInt(sqs.substring(sqs.indexOf(':') + 1)))) {
            settings.setProperty("ingest.sqs.endpoint-override", "http://127.0.0.1:" + proxy.port());
            // The announcement is held on its way to SQS: the object is stored, the message not sent.
            TcpProxy.Hold announcement = proxy.hold(null, "SendMessage");
            try (DaemonProcess worker = new DaemonProcess("uploadcrash", settings)) {
                URI documents = URI.create("http://127.0.0.1:" + settings.getProperty("camel.server.port") + "/documents?name=contract.pdf");
                awaitReady(settings);
                CompletableFuture<HttpResponse<String>> first = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(documents).header("Idempotency-Key", "order-4711").POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(announcement.reached(120)).as("the announcement was held").isTrue();
                worker.kill();
                assertThat(first).failsWithin(30, TimeUnit.SECONDS);
            }
            servers.openSearch("POST", "/uploadcrash-status/_refresh", null);
            JsonNode queued = JSON.readTree(servers.openSearch("POST", "/uploadcrash-status/_search",
                    "{\"query\":{\"term\":{\"status\":\"queued\"}}}")).path("hits").path("hits");
            assertThat(queued).as("recorded as queued before it was stored").hasSize(1);
            firstId = queued.get(0).path("_id").asText();
        }
        Properties restart = new Properties();
        restart.setProperty("ingest.upload.stale-after-seconds", "5");
        restart.setProperty("ingest.upload.sweep-interval-ms", "1000");
        try (RunningDaemon daemon = new RunningDaemon("uploadcrash", restart, queues)) {
            await().atMost(2, TimeUnit.MINUTES).until(() -> "indexed".equals(daemon.status(firstId).path("status").asText()));
            double fetches = daemon.metric("ingest_stage_seconds_count", "stage=\"fetch\"");

            HttpResponse<String> retry = daemon.http(HttpRequest.newBuilder(daemon.api("/documents?name=contract.pdf"))
                    .header("Idempotency-Key", "order-4711").POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build());
            assertThat(retry.statusCode()).isEqualTo(202);
            JsonNode receipt = JSON.readTree(retry.body());
            assertThat(receipt.path("id").asText()).isEqualTo(firstId);
            assertThat(receipt.path("status").asText()).isEqualTo("indexed");
            assertThat(messages(servers, queues.url())).as("nothing announced again").isZero();
            assertThat(daemon.metric("ingest_stage_seconds_count", "stage=\"fetch\"")).isEqualTo(fetches);
            assertThat(daemon.status(firstId).path("completions").asInt()).as("indexed once").isEqualTo(1);
        }
    }

    /** The packaged daemon answers its readiness check. */
    private static void awaitReady(Properties settings) {
        URI ready = URI.create("http://127.0.0.1:" + settings.getProperty("camel.management.port") + "/observe/health/ready");
        await().atMost(2, TimeUnit.MINUTES).ignoreExceptions().until(() -> HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static InputStream form(String boundary, String name, InputStream content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head), content), new ByteArrayInputStream(tail));
    }

    /** {@code size} bytes of noise made as they are read: the test holds none of the upload either. */
    private static final class Noise extends InputStream {
        private long left;
        private long state;

        Noise(long size, long seed) {
            this.left = size;
            this.state = seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            for (int i = 0; i < n; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                buffer[offset + i] = (byte) (state >>> 56);
            }
            left -= n;
            return n;
        }
    }
}
