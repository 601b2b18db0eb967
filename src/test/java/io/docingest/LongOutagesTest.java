package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.support.BedrockStub;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages as long as real ones, each with 200 messages queued and work under way when it starts,
 * each on a daemon of its own, all three at once: OpenSearch gone for two minutes (its port
 * refuses connections), Bedrock answering 503 for two minutes, S3 refusing the worker with 403
 * RequestTimeTooSkewed for one. Nothing may be parked, every document must be indexed after, and
 * while the sources are paused the worker must not poll the queue (it does not spin).
 */
class LongOutagesTest {

    private static final int MESSAGES = 200;
    private static final String SKEWED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>RequestTimeTooSkewed</Code>"
            + "<Message>The difference between the request time and the current time is too large.</Message></Error>";

    /** What one daemon went through. */
    record Run(int parked, long indexed, double receivesWhilePaused, double handedBack, boolean pausedSeen,
               boolean unreadySeen, Duration outage) {
    }

    private static CompletableFuture<Run> openSearch;
    private static CompletableFuture<Run> bedrock;
    private static CompletableFuture<Run> s3;
    private static final java.util.List<AutoCloseable> CLOSE = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void runAllThree() throws Exception {
        LocalServers servers = LocalServers.get();
        TcpProxy openSearchProxy = closing(new TcpProxy("127.0.0.1", servers.openSearch.httpPort()));
        Properties openSearchSettings = settings();
        openSearchSettings.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + openSearchProxy.port());
        openSearch = CompletableFuture.supplyAsync(() -> run("outage-opensearch", openSearchSettings, Duration.ofMinutes(2),
                openSearchProxy::stop, openSearchProxy::start));

        BedrockStub bedrockStub = closing(new BedrockStub(LocalServers.MODEL_ID));
        Properties bedrockSettings = settings();
        bedrockSettings.setProperty("ingest.embedding.endpoint-override", bedrockStub.endpoint());
        bedrock = CompletableFuture.supplyAsync(() -> run("outage-bedrock", bedrockSettings, Duration.ofMinutes(2),
                () -> bedrockStub.failWith(503), () -> bedrockStub.failWith(0)));

        TcpProxy s3Proxy = closing(new TcpProxy("127.0.0.1", servers.s3Server.getPort()));
        Properties s3Settings = settings();
        s3Settings.setProperty("ingest.s3.endpoint-override", "http://127.0.0.1:" + s3Proxy.port());
        s3 = CompletableFuture.supplyAsync(() -> run("outage-s3", s3Settings, Duration.ofMinutes(1),
                () -> s3Proxy.answer(403, SKEWED), () -> s3Proxy.answer(0, "")));
        CompletableFuture.allOf(openSearch, bedrock, s3).join();
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable closeable : CLOSE) {
            closeable.close();
        }
    }

    @Test
    void twoMinutesWithoutOpenSearch() {
        assertHeldOut(openSearch.join());
    }

    @Test
    void twoMinutesOfBedrockAnswering503() {
        assertHeldOut(bedrock.join());
    }

    @Test
    void aMinuteOfS3RefusingTheWorkersClock() {
        Run run = s3.join();
        assertHeldOut(run);
        assertThat(run.unreadySeen()).as("readiness down while S3 refused").isTrue();
    }

    private static void assertHeldOut(Run run) {
        System.out.printf("outage of %d s: %d indexed, %d parked, %.0f handed back, %.0f receive calls while paused%n",
                run.outage().toSeconds(), run.indexed(), run.parked(), run.handedBack(), run.receivesWhilePaused());
        assertThat(run.parked()).as("parked").isZero();
        assertThat(run.indexed()).as("indexed").isEqualTo(MESSAGES);
        assertThat(run.handedBack()).as("documents handed back").isPositive();
        assertThat(run.pausedSeen()).as("sources paused").isTrue();
        // The polls under way when the sources paused (one per consumer thread) may end; none starts after.
        assertThat(run.receivesWhilePaused()).as("receive calls while paused").isLessThanOrEqualTo(8);
    }

    private static Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("ingest.opensearch.timeout-ms", "2000");
        settings.setProperty("ingest.health.probe-timeout-ms", "1000");
        settings.setProperty("ingest.retry.transient.hand-back-delay-seconds", "5");
        settings.setProperty("ingest.outage.probe-interval-ms", "2000");
        return settings;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Run run(String name, Properties settings, Duration outage, Step begin, Step end) {
        try {
            RunningDaemon daemon = closing(new RunningDaemon(name, settings));
            byte[] pdf = Fixtures.bornDigitalPdf(List.of(List.of("Written through an outage", "障害を越えて書かれた")));
            for (int i = 0; i < MESSAGES; i++) {
                daemon.putObject("files/" + name + "/doc-" + i + ".pdf", pdf);
            }
            for (int i = 0; i < MESSAGES; i++) {
                daemon.send(daemon.transformedEvent("files/" + name + "/doc-" + i + ".pdf"));
            }
            // work under way when the outage begins
            await().atMost(2, TimeUnit.MINUTES).until(() -> indexed(daemon) >= 10);
            begin.run();
            long started = System.nanoTime();
            await().atMost(outage).until(() -> daemon.metric("ingest_sources_paused") > 0);
            boolean[] unready = {false};
            double receivesAtPause = receives(daemon);
            Duration rest = outage.minus(Duration.ofNanos(System.nanoTime() - started));
            await().during(rest.compareTo(Duration.ofSeconds(10)) > 0 ? rest : Duration.ofSeconds(10)).atMost(outage.plusMinutes(1))
                    .until(() -> {
                        unready[0] |= daemon.get(daemon.management("/observe/health/ready")).statusCode() == 503;
                        return daemon.drainDeadLetters().isEmpty() && daemon.metric("ingest_sources_paused") > 0;
                    });
            double receivesWhilePaused = receives(daemon) - receivesAtPause;
            Duration lasted = Duration.ofNanos(System.nanoTime() - started);
            end.run();
            await().atMost(5, TimeUnit.MINUTES).until(() -> indexed(daemon) == MESSAGES && daemon.messagesLeft() == 0);
            return new Run(daemon.drainDeadLetters().size(), indexed(daemon), receivesWhilePaused,
                    daemon.metric("ingest_handed_back_total"), true, unready[0], lasted);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    private static double receives(RunningDaemon daemon) throws Exception {
        return daemon.metric("ingest_aws_calls_seconds_count", "operation=\"ReceiveMessage\"");
    }

    private static long indexed(RunningDaemon daemon) throws Exception {
        JsonNode hits = daemon.search("files", "{\"size\":0,\"track_total_hits\":true}");
        return hits.path("hits").path("total").path("value").asLong();
    }

    private static <T extends AutoCloseable> T closing(T closeable) {
        CLOSE.add(closeable);
        return closeable;
    }
}
