package io.docingest;

import io.docingest.support.CloudWatchStub;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * What an operator watches: Prometheus counters and CloudWatch metrics after real work (CloudWatch a
 * local stand-in the SDK's client talks to), and health that follows a dependency.
 */
class ObservabilityTest {

    private static TcpProxy openSearch;
    private static CloudWatchStub cloudWatch;
    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        LocalServers servers = LocalServers.get();
        openSearch = new TcpProxy("127.0.0.1", servers.openSearch.httpPort());
        Properties props = new Properties();
        props.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + openSearch.port());
        props.setProperty("ingest.opensearch.timeout-ms", "2000");
        props.setProperty("ingest.health.probe-timeout-ms", "1000");
        cloudWatch = new CloudWatchStub();
        props.setProperty("ingest.metrics.cloudwatch.enabled", "true");
        props.setProperty("ingest.metrics.cloudwatch.endpoint-override", cloudWatch.endpoint());
        props.setProperty("ingest.metrics.cloudwatch.step-seconds", "1");
        daemon = new RunningDaemon("observed", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
        openSearch.close();
        cloudWatch.close();
    }

    @Test
    void thePrometheusEndpointCountsDocumentsPagesCallsAndFailures() throws Exception {
        daemon.putObject("files/metrics/scan.pdf", Fixtures.scannedPdf(List.of(List.of("請求書", "Invoice 1"), List.of("Page two"))));
        daemon.putObject("files/metrics/empty.pdf", new byte[0]);
        daemon.putObject("files/metrics/broken.pdf", "%PDF-1.4\nnot a real PDF".getBytes(StandardCharsets.US_ASCII));
        // Four throttled answers exhaust the SDK's own retries once: one Camel redelivery follows.
        daemon.servers.bedrock.throttleNext(4);
        NotifyBuilder done = daemon.messagesDone(3);
        daemon.send(daemon.transformedEvent("files/metrics/scan.pdf"));
        daemon.send(daemon.transformedEvent("files/metrics/empty.pdf"));
        daemon.send(daemon.transformedEvent("files/metrics/broken.pdf"));
        RunningDaemon.await(done);

        HttpResponse<String> response = daemon.get(daemon.management("/observe/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        String scrape = response.body();
        assertThat(scrape).as("Camel's own route meters").containsPattern("camel_exchanges_total\\{[^}]*routeId=\"ingest\"");
        assertThat(daemon.metric("ingest_documents_total", "outcome=\"indexed\"")).isEqualTo(1);
        assertThat(daemon.metric("ingest_documents_total", "outcome=\"skipped\"", "reason=\"empty\"")).isEqualTo(1);
        assertThat(daemon.metric("ingest_documents_total", "outcome=\"failed\"", "reason=\"CorruptDocumentException\"")).isEqualTo(1);
        assertThat(daemon.metric("ingest_pages_total", "kind=\"ocr\"")).isEqualTo(2);
        assertThat(daemon.metric("ingest_ocr_page_seconds_count")).isEqualTo(2);
        assertThat(daemon.metric("ingest_queue_lag_seconds_count")).isEqualTo(3);
        assertThat(daemon.metric("ingest_dead_letters_total", "exception=\"CorruptDocumentException\"")).isEqualTo(1);
        assertThat(daemon.metric("ingest_redeliveries_total")).isGreaterThanOrEqualTo(1);
        assertThat(daemon.metric("ingest_aws_calls_seconds_count", "operation=\"InvokeModel\"", "outcome=\"success\"")).isGreaterThanOrEqualTo(1);
        assertThat(daemon.metric("ingest_aws_calls_seconds_count", "operation=\"InvokeModel\"", "outcome=\"error\"")).isGreaterThanOrEqualTo(1);
        assertThat(daemon.metric("ingest_aws_calls_seconds_count", "operation=\"GetObject\"", "service=\"S3\"")).isEqualTo(3);
        assertThat(daemon.metric("ingest_aws_calls_seconds_count", "operation=\"ReceiveMessage\"")).isGreaterThanOrEqualTo(1);
        assertThat(daemon.metric("ingest_opensearch_requests_seconds_count", "outcome=\"2xx\"")).isGreaterThanOrEqualTo(4);
        assertThat(daemon.metric("ingest_documents_in_flight")).isZero();
        assertThat(daemon.metric("ingest_pages_in_flight")).isZero();
        // Where each document's time went: all three were fetched, only the indexed one went on to the end.
        assertThat(daemon.metric("ingest_stage_seconds_count", "stage=\"fetch\"")).isEqualTo(3);
        for (String stage : List.of("thumbnail", "embed", "index")) {
            assertThat(daemon.metric("ingest_stage_seconds_count", "stage=\"" + stage + "\"")).as(stage).isEqualTo(1);
        }

        // In CloudWatch: the original worker's FilesProcessed and ProcessingTime (one value per
        // document, so CloudWatch can take the p95), beside the same meters as Prometheus.
        Map<String, String> success = Map.of("Status", "Success");
        Map<String, String> failed = Map.of("Status", "Failed");
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(sum(cloudWatch.data("CISFileProcessor", "FilesProcessed", success))).isEqualTo(1);
            assertThat(sum(cloudWatch.data("CISFileProcessor", "FilesProcessed", failed))).isEqualTo(1);
            assertThat(samples(cloudWatch.data("CISFileProcessor", "ProcessingTime", success))).isEqualTo(1);
            assertThat(samples(cloudWatch.data("CISFileProcessor", "ProcessingTime", failed))).isEqualTo(1);
            for (String outcome : List.of("indexed", "skipped", "failed")) {
                assertThat(sum(cloudWatch.data("DocIngest", "ingest.document.duration.count", Map.of("outcome", outcome)))).as(outcome).isEqualTo(1);
            }
        });
        CloudWatchStub.Datum indexedTime = cloudWatch.data("CISFileProcessor", "ProcessingTime", success).get(0);
        assertThat(indexedTime.unit()).isEqualTo("Seconds");
        // The same measurement as the per-document timer (milliseconds there), and as Prometheus has it.
        assertThat(indexedTime.values().get(0) * 1000)
                .isCloseTo(sum(cloudWatch.data("DocIngest", "ingest.document.duration.sum", Map.of("outcome", "indexed"))), within(1.0))
                .isCloseTo(daemon.metric("ingest_document_duration_seconds_sum", "outcome=\"indexed\"") * 1000, within(1.0));
        assertThat(daemon.metric("ingest_document_duration_seconds_count", "outcome=\"failed\"")).isEqualTo(1);
        assertThat(cloudWatch.rejections()).isEmpty();
    }

    @Test
    void aConsumerThatStopsMovingWhileMessagesWaitIsReportedStuckAndRecovers() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.health.stuck-after-seconds", "2");
        try (RunningDaemon stuck = new RunningDaemon("stuck", props)) {
            stuck.putObject("files/stuck/waiting.pdf", Fixtures.bornDigitalPdf(List.of(List.of("待機中の文書", "A waiting document"))));
            // A consumer that no longer takes messages, as a wedged poller would look.
            stuck.camel().getRouteController().suspendRoute("source-sqs-s3-events");
            stuck.send(stuck.transformedEvent("files/stuck/waiting.pdf"));
            // (Camel's own route check is DOWN at once for the suspended route; ours after 2 s of no progress.)
            await().atMost(30, TimeUnit.SECONDS).until(() -> stuck.get(stuck.management("/observe/health?exposureLevel=full"))
                    .body().matches("(?s).*\"name\":\"progress\",\"status\":\"DOWN\".*messages wait.*"));
            assertThat(stuck.get(stuck.management("/observe/health")).statusCode()).isEqualTo(503);

            stuck.camel().getRouteController().resumeRoute("source-sqs-s3-events");
            await().atMost(60, TimeUnit.SECONDS).until(() -> stuck.metric("ingest_documents_total", "outcome=\"indexed\"") == 1);
            await().atMost(30, TimeUnit.SECONDS).until(() -> stuck.get(stuck.management("/observe/health")).statusCode() == 200);
        }
    }

    @Test
    void readinessFollowsOpenSearchDownAndBackWhileLivenessStaysUp() throws Exception {
        await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.get(daemon.management("/observe/health/ready")).statusCode() == 200);

        openSearch.stop();
        try {
            await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.get(daemon.management("/observe/health/ready")).statusCode() == 503);
            String body = daemon.get(daemon.management("/observe/health/ready")).body();
            assertThat(body).contains("dependency:opensearch").contains("DOWN");
            assertThat(body).doesNotContainPattern("dependency:sqs\"[^}]*DOWN");
            assertThat(daemon.get(daemon.management("/observe/health/live")).statusCode()).isEqualTo(200);
        } finally {
            openSearch.start();
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.get(daemon.management("/observe/health/ready")).statusCode() == 200);
    }

    private static double sum(List<CloudWatchStub.Datum> data) {
        return data.stream().flatMap(datum -> datum.values().stream()).mapToDouble(Double::doubleValue).sum();
    }

    private static double samples(List<CloudWatchStub.Datum> data) {
        return data.stream().mapToDouble(CloudWatchStub.Datum::samples).sum();
    }
}
