package io.docingest.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileEvent;
import io.docingest.document.KeyPrefixes;
import org.apache.camel.Header;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Back-fill: lists a prefix of the landing bucket (the SDK's paginator, any size) and puts one
 * event per object on the queue, in the shape EventBridge sends, ten per batch call. The fleet
 * shares the work, and versions already indexed are acknowledged without work.
 */
public class BucketListing {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SQS_BATCH = 10;  // SendMessageBatch's limit

    private final S3Client s3;
    private final SqsClient sqs;
    private final String bucket;
    private final KeyPrefixes prefixes;
    private final String queue;

    public BucketListing(S3Client s3, SqsClient sqs, String bucket, KeyPrefixes prefixes, String queue) {
        this.s3 = s3;
        this.sqs = sqs;
        this.bucket = bucket;
        this.prefixes = prefixes;
        this.queue = queue;
    }

    /** {@code force=true}: each object is worked on again even if this version is indexed already. */
    public Map<String, Object> announce(@Header("prefix") String prefix, @Header("force") String force) throws Exception {
        boolean reprocess = Boolean.parseBoolean(force);
        if (!prefixes.covers(prefix)) {
            throw new IllegalArgumentException("prefix must be under " + prefixes.describe() + " (?prefix=" + prefixes.watched() + "...)");
        }
        String queueUrl = sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        int announced = 0;
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            if (object.key().endsWith("/")) {
                continue;  // a folder marker, not a file
            }
            // Event time now: queue lag measures the back-fill, not the object's age; and a version
            // written after this listing has a later event time, so it still orders after this one.
            FileEvent listed = FileEvent.fromS3(bucket, object.key(), object.size(), object.eTag(), null, null,
                    Instant.now(), "s3-backfill");
            FileEvent event = reprocess ? listed.reprocessing() : listed;
            batch.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(batch.size()))
                    .messageBody(JSON.writeValueAsString(event.transformedShape())).build());
            announced++;
            if (batch.size() == SQS_BATCH) {
                send(queueUrl, batch);
            }
        }
        if (!batch.isEmpty()) {
            send(queueUrl, batch);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bucket", bucket);
        answer.put("prefix", prefix);
        answer.put("announced", announced);
        answer.put("force", reprocess);
        return answer;
    }

    private void send(String queueUrl, List<SendMessageBatchRequestEntry> batch) {
        var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
        if (response.hasFailed() && !response.failed().isEmpty()) {
            throw new IllegalStateException("SQS refused " + response.failed().size() + " back-fill events: "
                    + response.failed().get(0).message());
        }
        batch.clear();
    }
}
