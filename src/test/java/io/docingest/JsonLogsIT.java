package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.support.DaemonProcess;
import io.docingest.support.DamagedFiles;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers.Queues;
import io.docingest.support.LocalServers;
import io.docingest.support.Workers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daemon as systemd runs it, in the json log format: every line is one JSON object, and every
 * line about a document, whichever thread wrote it, carries its key, etag and one correlation id.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineAboutADocumentCarriesItsKeyEtagAndOneCorrelationId() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("jsonlogs", 3);
        String key = "files/logs/見積 scan.pdf";
        servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key), RequestBody.fromBytes(
                Fixtures.scannedPdf(List.of(List.of("御見積書", "Logged estimate"), List.of("Second page")))));
        String etag = servers.s3.headObject(h -> h.bucket(LocalServers.LANDING).key(key)).eTag().replace("\"", "");
        Properties settings = servers.daemonProperties(queues, "jsonlogs");
        settings.setProperty("ingest.logging.format", "json");
        settings.setProperty("ingest.pages.batch-size", "1");

        try (DaemonProcess worker = new DaemonProcess("jsonlogs", settings)) {
            servers.sqs.sendMessage(m -> m.queueUrl(queues.url()).messageBody("{\"s3Bucket\":\"" + LocalServers.LANDING
                    + "\",\"s3Key\":\"" + key + "\",\"fileSize\":1,\"etag\":\"" + etag + "\",\"eventTime\":\"2026-11-26T10:00:00Z\"}"));
            await().atMost(2, TimeUnit.MINUTES).until(() -> worker.log().contains("Indexed " + key));

            List<JsonNode> lines = new ArrayList<>();
            for (String line : worker.log().split("\n")) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                }
            }
            assertThat(lines).as("JSON lines").hasSizeGreaterThan(20);
            List<JsonNode> aboutTheDocument = lines.stream()
                    .filter(line -> line.path("message").asText().contains(key)).toList();
            assertThat(aboutTheDocument).extracting(line -> line.path("message").asText())
                    .anyMatch(m -> m.startsWith("Ingesting")).anyMatch(m -> m.startsWith("Indexed"));
            Set<String> threads = new TreeSet<>();
            Set<String> correlations = new TreeSet<>();
            for (JsonNode line : aboutTheDocument) {
                assertThat(line.path("file_key").asText()).as(line.toString()).isEqualTo(key);
                assertThat(line.path("file_etag").asText()).as(line.toString()).isEqualTo(etag);
                assertThat(line.path("correlation_id").asText()).as(line.toString()).isNotEmpty();
                threads.add(line.path("thread").asText());
                correlations.add(line.path("correlation_id").asText());
            }
            assertThat(threads).as("lines from the SQS consumer and from the HTTP client's continuation").hasSizeGreaterThan(1);
            assertThat(correlations).hasSize(1);
        }
    }

    @Test
    void aThousandPageManualWritesFewerThanAHundredLinesWithItsParserChatterSaidOnce() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("chatter", 3);
        String key = "files/logs/manual-1000.pdf";
        servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key),
                RequestBody.fromBytes(DamagedFiles.chattyBornDigitalPdf(1000)));
        Properties settings = servers.daemonProperties(queues, "chatter");
        settings.setProperty("ingest.logging.format", "json");
        try (DaemonProcess worker = new DaemonProcess("chatter", settings)) {
            servers.sqs.sendMessage(m -> m.queueUrl(queues.url()).messageBody(
                    "{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + key + "\",\"fileSize\":1,\"etag\":\"" + Workers.etag(servers, key) + "\"}"));
            await().atMost(5, TimeUnit.MINUTES).until(() -> worker.log().contains("Indexed " + key));
            List<String> aboutIt = new ArrayList<>();
            for (String line : worker.log().split("\n")) {
                if (line.startsWith("{") && key.equals(JSON.readTree(line).path("file_key").asText())) {
                    aboutIt.add(JSON.readTree(line).path("message").asText());
                }
            }
            assertThat(aboutIt).as("lines about the 1,000-page document").hasSizeLessThan(100);
            String summary = aboutIt.stream().filter(m -> m.contains("parser warnings:")).findFirst().orElseThrow();
            // Each page's own unknown font, mapped to a fallback at least once: a thousand lines, said once.
            long counted = Long.parseLong(summary.replaceAll(".*parser warnings: (\\d+).*", "$1"));
            assertThat(counted).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void theShippedJarInTheAwsProfileWritesNothingButJsonLines() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("awsjson", 3);
        String key = "files/logs/aws-profile.pdf";
        servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key),
                RequestBody.fromBytes(Fixtures.scannedPdf(List.of(List.of("御見積書", "Logged in the aws profile")))));
        Properties settings = servers.daemonProperties(queues, "awsjson");
        // The aws profile as shipped, pointed at the local servers; only what has no local stand-in is off.
        settings.setProperty("ingest.opensearch.enable-ssl", "false");
        settings.setProperty("ingest.aws.metadata-endpoint", "http://127.0.0.1:" + LocalServers.freePort());
        settings.setProperty("ingest.metrics.cloudwatch.enabled", "false");
        settings.setProperty("ingest.fleet.enabled", "false");
        try (DaemonProcess worker = new DaemonProcess("awsjson", settings, "aws", java.util.Map.of())) {
            servers.sqs.sendMessage(m -> m.queueUrl(queues.url()).messageBody(
                    "{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + key + "\",\"fileSize\":1,\"etag\":\"" + Workers.etag(servers, key) + "\"}"));
            await().atMost(2, TimeUnit.MINUTES).until(() -> worker.log().contains("Indexed " + key));
            List<String> lines = worker.log().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThan(20);
            for (String line : lines) {
                assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
            }
        }
    }

    @Test
    void withoutCredentialsTheShippedJarStopsWithOneLineNamingThem() throws Exception {
        LocalServers servers = LocalServers.get();
        Properties settings = servers.daemonProperties(servers.createQueues("nocreds", 3), "nocreds");
        settings.setProperty("ingest.aws.access-key", "");
        settings.setProperty("ingest.aws.secret-key", "");
        // No instance metadata service here: the SDK's chain must not wait for one.
        try (DaemonProcess worker = new DaemonProcess("nocreds", settings, "aws", java.util.Map.of(
                "AWS_EC2_METADATA_DISABLED", "true", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", "AWS_CONFIG_FILE", "/nonexistent"))) {
            assertThat(worker.waitForExit(120)).isEqualTo(1);
            List<String> said = worker.log().lines().filter(line -> line.startsWith("doc-ingest cannot start")).toList();
            assertThat(said).hasSize(1);
            assertThat(said.get(0)).contains("no AWS credentials").contains("AWS_ACCESS_KEY_ID").contains("ingest.aws.access-key");
            assertThat(worker.log().lines().filter(line -> line.startsWith("\tat "))).as("no stack trace").isEmpty();
        }
    }
    @Test
    void withAQueueThatDoesNotExistTheShippedJarStopsWithOneLineNamingTheKey() throws Exception {
        LocalServers servers = LocalServers.get();
        Properties settings = servers.daemonProperties(servers.createQueues("noqueue", 3), "noqueue");
        settings.setProperty("ingest.sqs.queue", "noqueue-typo");
        try (DaemonProcess worker = new DaemonProcess("noqueue", settings, "aws", java.util.Map.of())) {
            assertThat(worker.waitForExit(120)).isEqualTo(1);
            List<String> said = worker.log().lines().filter(line -> line.startsWith("doc-ingest cannot start")).toList();
            assertThat(said).containsExactly("doc-ingest cannot start: the SQS queue 'noqueue-typo' does not exist in us-east-1:"
                    + " set ingest.sqs.queue (INGEST_SQS_QUEUE) to the stack's queue (deploy/)");
            assertThat(worker.log().lines().filter(line -> line.startsWith("\tat "))).as("no stack trace").isEmpty();
        }
    }
}
