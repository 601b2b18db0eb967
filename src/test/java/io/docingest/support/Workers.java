package io.docingest.support;

import io.docingest.support.LocalServers.Queues;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** What the tests of workers in JVMs of their own (the *IT classes) share: settings, documents, events. */
public final class Workers {

    private Workers() {
    }

    /** A worker on {@code queues}: one page at a time, so a scan is slow enough to be caught in the middle. */
    public static Properties settings(LocalServers servers, Queues queues, String visibility, String grace) {
        Properties p = servers.daemonProperties(queues, queues.name());
        p.setProperty("ingest.sqs.visibility-timeout", visibility);
        p.setProperty("ingest.shutdown.grace-seconds", grace);
        p.setProperty("ingest.pages.parallelism", "1");
        p.setProperty("ingest.pages.batch-size", "1");
        p.setProperty("ingest.worker-id", "worker-" + queues.name());
        return p;
    }

    /** Scanned pages OCR'd one at a time: long enough to be caught in the middle. */
    public static byte[] slowScan(int pages) throws Exception {
        List<List<String>> text = new ArrayList<>();
        for (int page = 1; page <= pages; page++) {
            text.add(List.of("ページ " + page, "Scanned page number " + page, "保存期間 十年"));
        }
        return Fixtures.scannedPdf(text);
    }

    public static void put(LocalServers servers, String key, byte[] content) {
        servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key), RequestBody.fromBytes(content));
    }

    public static String etag(LocalServers servers, String key) {
        return servers.s3.headObject(h -> h.bucket(LocalServers.LANDING).key(key)).eTag().replace("\"", "");
    }

    /** The transformed event for the object as it is now. */
    public static void send(LocalServers servers, String queueUrl, String key) {
        send(servers, queueUrl, key, null, "2026-11-26T10:00:00Z");
    }

    /** The transformed event for the object as it is now, with S3's sequencer when given. */
    public static void send(LocalServers servers, String queueUrl, String key, String sequencer, String eventTime) {
        servers.sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody("{\"s3Bucket\":\"" + LocalServers.LANDING
                + "\",\"s3Key\":\"" + key + "\",\"fileSize\":1,\"etag\":\"" + etag(servers, key) + "\""
                + (sequencer == null ? "" : ",\"sequencer\":\"" + sequencer + "\"") + ",\"eventTime\":\"" + eventTime + "\"}"));
    }

    /** The worker has taken the message and started on the document (its log says so). */
    public static void awaitStarted(DaemonProcess worker, String key) {
        await().atMost(90, TimeUnit.SECONDS).until(() -> worker.log().contains("Ingesting " + key));
    }

    public static int attribute(LocalServers servers, String queueUrl, QueueAttributeName name) {
        Map<QueueAttributeName, String> attributes = servers.sqs.getQueueAttributes(a -> a.queueUrl(queueUrl)
                .attributeNames(name)).attributes();
        return Integer.parseInt(attributes.get(name));
    }

    /** Messages in the queue, visible or not. */
    public static int messages(LocalServers servers, String queueUrl) {
        return attribute(servers, queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + attribute(servers, queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }
}
