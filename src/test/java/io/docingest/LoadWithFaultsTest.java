package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 messages, one in ten bad, while the servers misbehave: Bedrock throttles, S3 answers 500,
 * OpenSearch goes away and comes back. Every message must end indexed, parked or skipped, with no
 * document indexed twice. Writes what it saw to RELIABILITY.md.
 */
class LoadWithFaultsTest {

    private static final int MESSAGES = 1000;
    private static final int BAD_EACH = 25;  // four kinds of bad input: 100 in all

    @Test
    void thousandMessagesTenPercentBadWithFaultsNothingLostNothingDuplicated() throws Exception {
        LocalServers servers = LocalServers.get();
        AtomicInteger redeliveries = new AtomicInteger();
        try (TcpProxy openSearch = new TcpProxy("127.0.0.1", servers.openSearch.httpPort());
             TcpProxy s3 = new TcpProxy("127.0.0.1", servers.s3Server.getPort())) {
            Properties props = new Properties();
            props.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + openSearch.port());
            props.setProperty("ingest.s3.endpoint-override", "http://127.0.0.1:" + s3.port());
            // Small born-digital documents wait mostly on I/O: more of them at once.
            props.setProperty("ingest.sqs.concurrent-consumers", "8");
            props.setProperty("ingest.retry.transient.maximum-redeliveries", "12");
            props.setProperty("ingest.retry.transient.redelivery-delay", "200");
            props.setProperty("ingest.retry.transient.maximum-redelivery-delay", "2000");
            try (RunningDaemon daemon = new RunningDaemon("load", props)) {
                daemon.camel().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                    @Override
                    public void notify(CamelEvent event) {
                        if (event instanceof CamelEvent.ExchangeRedeliveryEvent) {
                            redeliveries.incrementAndGet();
                        }
                    }
                });
                List<String> events = prepare(daemon);
                long started = System.nanoTime();
                sendAll(daemon, events);

                int throttledBefore = servers.bedrock.throttled();
                awaitIndexed(daemon, 150);
                servers.bedrock.throttleNext(40);

                awaitIndexed(daemon, 350);
                int s3Before = s3.failedRequests();
                s3.answer500(true);
                try {
                    await().atMost(60, TimeUnit.SECONDS).until(() -> s3.failedRequests() >= s3Before + 20);
                } finally {
                    s3.answer500(false);
                }

                awaitIndexed(daemon, 550);
                int redeliveriesBefore = redeliveries.get();
                long outageStarted = System.nanoTime();
                openSearch.stop();
                try {
                    await().atMost(60, TimeUnit.SECONDS).until(() -> redeliveries.get() >= redeliveriesBefore + 10);
                } finally {
                    openSearch.start();
                }
                double outageSeconds = (System.nanoTime() - outageStarted) / 1e9;

                await().atMost(15, TimeUnit.MINUTES).pollInterval(1, TimeUnit.SECONDS)
                        .until(() -> daemon.messagesLeft() == 0 && daemon.camel().getInflightRepository().size() == 0);
                double minutes = (System.nanoTime() - started) / 6e10;

                int indexed = count(daemon, "files", "{\"query\":{\"match_all\":{}}}");
                int skipped = count(daemon, "status", "{\"query\":{\"term\":{\"status\":\"skipped\"}}}");
                int parked = daemon.drainDeadLetters().size();
                JsonNode duplicates = daemon.search("files", "{\"size\":0,\"aggs\":{\"keys\":{\"terms\":{\"field\":\"s3_key\","
                        + "\"min_doc_count\":2,\"size\":10}}}}").path("aggregations").path("keys").path("buckets");

                assertThat(indexed + parked + skipped).isEqualTo(MESSAGES);
                assertThat(indexed).isEqualTo(MESSAGES - 4 * BAD_EACH);
                assertThat(skipped).isEqualTo(BAD_EACH);
                assertThat(parked).isEqualTo(3 * BAD_EACH);
                assertThat(duplicates.size()).isZero();

                writeReport(indexed, skipped, parked, duplicates.size(), servers.bedrock.throttled() - throttledBefore,
                        s3.failedRequests(), outageSeconds, redeliveries.get(), minutes);
            }
        }
    }

    /** Uploads the objects and returns the 1,000 event bodies, good and bad shuffled together. */
    private static List<String> prepare(RunningDaemon daemon) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            payloads.add(Fixtures.bornDigitalPdf(List.of(List.of("Load document variant " + i,
                    "請求書 第" + i + "号 — invoice for the reliability drill", "Line items and totals follow."))));
        }
        byte[] truncated = Arrays.copyOf(payloads.get(0), payloads.get(0).length / 2);
        byte[] notPdf = "plain text that calls itself a PDF".getBytes(StandardCharsets.UTF_8);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < MESSAGES - 4 * BAD_EACH; i++) {
            String key = "files/load/good-" + i + ".pdf";
            daemon.putObject(key, payloads.get(i % payloads.size()));
            events.add(daemon.transformedEvent(key));
        }
        for (int i = 0; i < BAD_EACH; i++) {
            String truncatedKey = "files/load/truncated-" + i + ".pdf";
            daemon.putObject(truncatedKey, truncated);
            events.add(daemon.transformedEvent(truncatedKey));
            String textKey = "files/load/text-" + i + ".pdf";
            daemon.putObject(textKey, notPdf);
            events.add(daemon.transformedEvent(textKey));
            events.add("{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"files/load/missing-" + i
                    + ".pdf\",\"fileSize\":5,\"etag\":\"00" + i + "\",\"eventTime\":\"2026-11-26T00:00:00Z\"}");
            events.add("{\"s3Bucket\": \"" + LocalServers.LANDING + "\", broken json " + i);
        }
        java.util.Collections.shuffle(events, new java.util.Random(42));
        return events;
    }

    private static void sendAll(RunningDaemon daemon, List<String> events) {
        for (int i = 0; i < events.size(); i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(events.size(), i + 10); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(events.get(j)).build());
            }
            daemon.servers.sqs.sendMessageBatch(b -> b.queueUrl(daemon.queues.url()).entries(batch));
        }
    }

    private static void awaitIndexed(RunningDaemon daemon, int documents) {
        await().atMost(10, TimeUnit.MINUTES).pollInterval(500, TimeUnit.MILLISECONDS)
                .until(() -> count(daemon, "status", "{\"query\":{\"term\":{\"status\":\"indexed\"}}}") >= documents);
    }

    private static int count(RunningDaemon daemon, String index, String query) throws Exception {
        return daemon.search(index, query).path("hits").path("total").path("value").asInt();
    }

    private static void writeReport(int indexed, int skipped, int parked, int duplicates, int throttled, int s3Failures,
                                    double outageSeconds, int redeliveries, double minutes) throws Exception {
        String report = """
                # Reliability

                Written by `LoadWithFaultsTest` (part of `OMP_THREAD_LIMIT=1 mvn -B verify`) on every run;
                the figures below are from the run that was committed.

                Machine: %d cores, %d MiB max heap for the test JVM; date %s.

                ## Load held

                | | count |
                |---|---|
                | messages sent | %d |
                | good documents (born-digital PDFs) | %d |
                | bad inputs (truncated PDF, text named .pdf, missing object, malformed JSON; 25 each) | %d |
                | wall time, first send to queue empty | %.1f min |

                ## Faults survived (injected while the load ran)

                | fault | how | extent |
                |---|---|---|
                | Bedrock throttling | stub answers 429 | %d throttled calls |
                | S3 failing | proxy answers HTTP 500 | %d failed requests |
                | OpenSearch down | proxy refuses connections, then returns | %.1f s outage |
                | redeliveries by the error handler | exponential back-off | %d |

                ## Nothing lost, nothing duplicated

                | outcome | count |
                |---|---|
                | indexed (file documents) | %d |
                | parked in the dead-letter queue, with reason | %d |
                | recorded as skipped, with reason | %d |
                | **total (must equal messages sent)** | **%d** |
                | keys indexed more than once | %d |

                Other scenarios, each its own test: kill -9 mid-document then restart
                (`WorkerLifecycleIT`), SIGTERM with short and long grace, Spot interruption notice,
                SQS unreachable and back (`FaultsTest`), and every bad input of `BadInputTest`.
                `LongOutagesTest`: two minutes without OpenSearch, two minutes of Bedrock answering
                503 and a minute of S3 answering 403 RequestTimeTooSkewed, 200 messages each with
                work under way: none parked, all indexed, the sources paused (only the polls
                already under way may end while paused) and resumed when the dependency answered.
                `ExtractorIsolationTest`: an extractor process killed with SIGKILL mid-page (the
                document is read again from that page on another process and indexes whole, the
                document beside it too), a document whose extractor is killed twice (parked:
                "crashed the extractor twice: SIGKILL on page 2"), a page that exhausts an
                extractor's heap for real (parked: "crashed the extractor twice: out of memory on
                page 1", the next document indexed) and a page over its deadline (its process
                stopped, the page failed, the next page indexed); the daemon stays up through all
                of them.
                """.formatted(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                LocalDate.now(), MESSAGES, MESSAGES - 4 * BAD_EACH, 4 * BAD_EACH, minutes, throttled, s3Failures,
                outageSeconds, redeliveries, indexed, parked, skipped, indexed + parked + skipped, duplicates);
        Files.writeString(Path.of("RELIABILITY.md"), report);
    }
}
