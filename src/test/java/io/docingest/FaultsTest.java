package io.docingest;

import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the real servers while documents are in flight: OpenSearch down and back, Bedrock
 * throttling, S3 answering 500, SQS unreachable and back. The daemon reaches S3, SQS and OpenSearch
 * through proxies that inject the faults at the network boundary. Each scenario ends with every
 * document indexed exactly once and nothing in the dead-letter queue.
 */
class FaultsTest {

    private static final int DOCUMENTS = 4;

    private static TcpProxy openSearch;
    private static TcpProxy s3;
    private static TcpProxy sqs;
    private static RunningDaemon daemon;
    private int round;

    @BeforeAll
    static void start() throws Exception {
        LocalServers servers = LocalServers.get();
        openSearch = new TcpProxy("127.0.0.1", servers.openSearch.httpPort());
        s3 = new TcpProxy("127.0.0.1", servers.s3Server.getPort());
        sqs = new TcpProxy("127.0.0.1", servers.sqsServer.waitUntilStarted().localAddress().getPort());
        Properties props = new Properties();
        props.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + openSearch.port());
        props.setProperty("ingest.s3.endpoint-override", "http://127.0.0.1:" + s3.port());
        props.setProperty("ingest.sqs.endpoint-override", "http://127.0.0.1:" + sqs.port());
        props.setProperty("ingest.sqs.visibility-timeout", "20");
        props.setProperty("ingest.retry.transient.maximum-redeliveries", "12");
        props.setProperty("ingest.retry.transient.redelivery-delay", "200");
        props.setProperty("ingest.retry.transient.maximum-redelivery-delay", "2000");
        daemon = new RunningDaemon("faults", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
        openSearch.close();
        s3.close();
        sqs.close();
    }

    @BeforeEach
    void nextRound() {
        round++;
    }

    @Test
    void openSearchStoppedAndRestartedMidRun() throws Exception {
        List<String> keys = upload("opensearch");
        NotifyBuilder done = daemon.messagesDone(DOCUMENTS);
        openSearch.stop();
        try {
            keys.forEach(key -> daemon.send(daemon.transformedEvent(key)));
            await().atMost(60, TimeUnit.SECONDS).until(() -> daemon.camel().getInflightRepository().size() > 0);
        } finally {
            openSearch.start();
        }
        assertEachIndexedOnce(done, keys);
    }

    @Test
    void bedrockThrottlingForAWhile() throws Exception {
        List<String> keys = upload("bedrock");
        NotifyBuilder done = daemon.messagesDone(DOCUMENTS);
        daemon.servers.bedrock.throttleNext(15);
        keys.forEach(key -> daemon.send(daemon.transformedEvent(key)));
        assertEachIndexedOnce(done, keys);
        assertThat(daemon.servers.bedrock.throttled()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void s3AnsweringServerErrorsForAWhile() throws Exception {
        List<String> keys = upload("s3");
        NotifyBuilder done = daemon.messagesDone(DOCUMENTS);
        int before = s3.failedRequests();
        s3.answer500(true);
        try {
            keys.forEach(key -> daemon.send(daemon.transformedEvent(key)));
            // the SDK retries each call (4 attempts), then the route redelivers
            await().atMost(60, TimeUnit.SECONDS).until(() -> s3.failedRequests() >= before + 8);
        } finally {
            s3.answer500(false);
        }
        assertEachIndexedOnce(done, keys);
    }

    @Test
    void sqsUnreachableAndBackMidRun() throws Exception {
        List<String> keys = upload("sqs");
        NotifyBuilder done = daemon.messagesDone(DOCUMENTS);
        keys.forEach(key -> daemon.send(daemon.transformedEvent(key)));
        await().atMost(60, TimeUnit.SECONDS).until(() -> daemon.camel().getInflightRepository().size() > 0);
        sqs.stop();
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> daemon.camel().getInflightRepository().size() == 0);
        } finally {
            sqs.start();
        }
        // Deletes that failed while SQS was away bring those messages back: the etag check
        // acknowledges them without indexing again.
        assertEachIndexedOnce(done, keys);
    }

    private List<String> upload(String fault) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            String key = "files/faults/" + fault + "-" + round + "-" + i + ".pdf";
            daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Fault drill " + fault, "document " + i))));
            keys.add(key);
        }
        return keys;
    }

    private static void assertEachIndexedOnce(NotifyBuilder done, List<String> keys) throws Exception {
        RunningDaemon.await(done);
        await().atMost(120, TimeUnit.SECONDS).until(() -> daemon.messagesLeft() == 0);
        for (String key : keys) {
            assertThat(daemon.search("files", "{\"query\":{\"term\":{\"s3_key\":\"" + key + "\"}}}")
                    .path("hits").path("total").path("value").asInt()).as(key).isEqualTo(1);
            assertThat(daemon.get("status", FileIds.fileId(key)).path("_source").path("status").asText())
                    .as(key).isEqualTo("indexed");
        }
        assertThat(daemon.drainDeadLetters()).isEmpty();
    }
}
