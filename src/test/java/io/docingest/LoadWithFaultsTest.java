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
 * OpenSearch goes away for a minute and comes back. Every message must end indexed, parked or
 * skipped; nothing is parked for a transient cause; and the work is counted: the status record's
 * {@code completions} (how often each version was indexed to the end, which must be once) and the
 * file document's {@code _version} (how often it was written: a document handed back to the queue
 * after its file document was written, and before its status, is written again). Writes what it
 * saw to RELIABILITY.md.
 */
class LoadWithFaultsTest {

    private static final int MESSAGES = 1000;
    private static final int BAD_EACH = 25;  // four kinds of bad input: 100 in all
    private static final int OUTAGE_SECONDS = 60;

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
                long outageStarted = System.nanoTime();
                openSearch.stop();
                try {
                    // A minute at least, and by then the outage breaker has paused the queue's consumer.
                    await().pollDelay(OUTAGE_SECONDS, TimeUnit.SECONDS).atMost(OUTAGE_SECONDS + 60, TimeUnit.SECONDS)
                            .until(() -> daemon.consumerSuspended("source-sqs-s3-events"));
                } finally {
                    openSearch.start();
                }
                double outageSeconds = (System.nanoTime() - outageStarted) / 1e9;

                await().atMost(15, TimeUnit.MINUTES).pollInterval(1, TimeUnit.SECONDS)
                        .until(() -> daemon.messagesLeft() == 0 && daemon.camel().getInflightRepository().size() == 0);
                double minutes = (System.nanoTime() - started) / 6e10;

                int indexed = count(daemon, "files", "{\"query\":{\"match_all\":{}}}");
                int skipped = count(daemon, "status", "{\"query\":{\"term\":{\"status\":\"skipped\"}}}");
                List<JsonNode> parked = daemon.drainDeadLetters();
                long parkedTransient = parked.stream().filter(e -> !"permanent".equals(e.path("error").path("kind").asText())).count();
                int completedTwice = count(daemon, "status", "{\"query\":{\"range\":{\"completions\":{\"gt\":1}}}}");
                int completions = (int) daemon.search("status", "{\"size\":0,\"aggs\":{\"all\":{\"sum\":{\"field\":\"completions\"}}}}")
                        .path("aggregations").path("all").path("value").asDouble();
                int fileWrites = 0;
                int writtenTwice = 0;
                for (JsonNode hit : daemon.search("files", "{\"size\":1000,\"version\":true,\"_source\":false,"
                        + "\"query\":{\"match_all\":{}}}").path("hits").path("hits")) {
                    fileWrites += hit.path("_version").asInt();
                    writtenTwice += hit.path("_version").asInt() > 1 ? 1 : 0;
                }

                assertThat(indexed + parked.size() + skipped).isEqualTo(MESSAGES);
                assertThat(indexed).isEqualTo(MESSAGES - 4 * BAD_EACH);
                assertThat(skipped).isEqualTo(BAD_EACH);
                assertThat(parked).hasSize(3 * BAD_EACH);
                assertThat(parkedTransient).as("parked for a transient cause").isZero();
                assertThat(completions).as("completions, one per indexed document").isEqualTo(indexed);
                assertThat(completedTwice).as("documents indexed to the end twice").isZero();

                writeReport(new Figures(indexed, skipped, parked.size(), parkedTransient, completions, completedTwice,
                        fileWrites, writtenTwice, servers.bedrock.throttled() - throttledBefore, s3.failedRequests(),
                        outageSeconds, redeliveries.get(), minutes));
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
            String emptyKey = "files/load/empty-" + i + ".pdf";
            daemon.putObject(emptyKey, new byte[0]);
            events.add(daemon.transformedEvent(emptyKey));
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

    /** What one run measured. */
    private record Figures(int indexed, int skipped, int parked, long parkedTransient, int completions, int completedTwice,
                           int fileWrites, int writtenTwice, int throttled, int s3Failures, double outageSeconds,
                           int redeliveries, double minutes) {
    }

    private static void writeReport(Figures f) throws Exception {
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
                | bad inputs (truncated PDF, empty object, missing object, malformed JSON; 25 each) | %d |
                | wall time, first send to queue empty | %.1f min |

                ## Faults survived (injected while the load ran)

                | fault | how | extent |
                |---|---|---|
                | Bedrock throttling | stub answers 429 | %d throttled calls |
                | S3 failing | proxy answers HTTP 500 | %d failed requests |
                | OpenSearch down | proxy refuses connections for at least %d s, then returns | %.1f s outage |
                | redeliveries by the error handler | exponential back-off | %d |

                During the OpenSearch outage, documents whose redeliveries ran out were handed
                back to the queue (visible again after `hand-back-delay-seconds`), and the outage
                breaker paused the consumer until the readiness probes answered (the test waits
                for the consumer to be suspended before it ends the outage).

                ## Every message accounted for

                | outcome | count |
                |---|---|
                | indexed (file documents) | %d |
                | parked in the dead-letter queue, with reason | %d |
                | recorded as skipped, with reason | %d |
                | **total (must equal messages sent)** | **%d** |
                | parked for a transient cause (must be 0) | %d |

                ## Work counted, not inferred

                Each file document's id is its key, so counting documents per key cannot find a
                duplicate. The work is counted instead: the status record's `completions` is
                raised each time a version is indexed to the end (the status write is the last
                step), and OpenSearch's `_version` on each file document counts its writes.

                | measure | count |
                |---|---|
                | completions, all documents (must equal indexed) | %d |
                | documents indexed to the end more than once (must be 0) | %d |
                | file document writes, all documents | %d |
                | file documents written more than once | %d |

                A file document written twice with one completion is a document handed back after
                its file document was written and before its status record: the window in which a
                worker cannot know it finished, measured exactly by `CrashPointsIT` (c).

                ## Other scenarios, each its own test

                - `CrashPointsIT`: the worker killed with kill -9 (a) mid-OCR, (b) after the chunk
                  writes and before the file document, (c) after the file document and before the
                  status record, (d) after the status record and before the SQS delete; points (b)
                  to (d) reached exactly by a proxy holding the next request. Each document ends
                  indexed once, its message gone, nothing parked. Work measured: (a) and (b) one
                  file document write and one completion; (c) two file document writes, one
                  completion (the one duplicate a crash can cause); (d) the redelivered message
                  acknowledged without a fetch.
                - `VersionRaceIT`: two versions of one key on two worker JVMs at once, the older a
                  slow scan whose file document write reaches OpenSearch after the newer one's: the
                  index ends with the newer version's text and chunks only, the status record lists
                  the older version as superseded. `VersionsAndDeletionsTest`: out-of-order
                  versions, a deletion before its creation, the conditional fetch's 412, a
                  processor type that moves a file to another index, deletions by EventBridge and by
                  S3 notification.
                - `LongOutagesTest`: two minutes without OpenSearch, two minutes of Bedrock
                  answering 503 and a minute of S3 answering 403 RequestTimeTooSkewed, 200 messages
                  each with work under way: none parked, all indexed, the sources paused (only the
                  polls already under way may end while paused) and resumed when the dependency
                  answered.
                - `HeldMessagesTest`: a message held past `ingest.sqs.max-hold-seconds` goes back to
                  the queue while its document is still worked on.
                - `UploadsIT`: four concurrent 200 MiB uploads to the packaged daemon with
                  `-Xmx512m`; an upload whose worker is killed between storing and announcing it is
                  processed once after a restart, and the client's retry with the same
                  `Idempotency-Key` gets the first receipt.
                - `ExtractorIsolationTest`: an extractor process killed with SIGKILL mid-page (the
                  document is read again from that page on another process and indexes whole), a
                  document whose extractor is killed twice (parked: "crashed the extractor twice:
                  SIGKILL on page 2"), a page that exhausts an extractor's heap for real and a page
                  over its deadline; the daemon stays up through all of them.
                - `WorkerLifecycleIT`: SIGTERM with short and long grace, Spot interruption notice;
                  `FaultsTest`: SQS unreachable and back; `BadInputTest`: every bad input.
                """.formatted(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                LocalDate.now(), MESSAGES, MESSAGES - 4 * BAD_EACH, 4 * BAD_EACH, f.minutes(), f.throttled(), f.s3Failures(),
                OUTAGE_SECONDS, f.outageSeconds(), f.redeliveries(), f.indexed(), f.parked(), f.skipped(),
                f.indexed() + f.parked() + f.skipped(), f.parkedTransient(), f.completions(), f.completedTwice(), f.fileWrites(),
                f.writtenTwice());
        Files.writeString(Path.of("RELIABILITY.md"), report);
    }
}
