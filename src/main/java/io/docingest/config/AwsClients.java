package io.docingest.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.net.URI;
import java.util.List;

/**
 * Builds the AWS SDK clients the routes and beans share. On EC2 the default credentials chain finds
 * the instance role; an endpoint override (tests, S3-compatible stores) switches S3 to path-style.
 */
public final class AwsClients {

    private final Settings settings;
    private final List<MetricPublisher> metrics;

    public AwsClients(Settings settings) {
        this(settings, List.of());
    }

    /** Clients that report each call to {@code metrics} (latency, outcome per service and operation). */
    public AwsClients(Settings settings, List<MetricPublisher> metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    public S3Client s3() {
        var builder = S3Client.builder()
                .overrideConfiguration(o -> o.metricPublishers(metrics))
                .region(Region.of(settings.text("ingest.aws.region")))
                .credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.fromValue(settings.text("ingest.s3.checksum-calculation")))
                .responseChecksumValidation(ResponseChecksumValidation.fromValue(settings.text("ingest.s3.checksum-calculation")));
        endpoint("ingest.s3.endpoint-override", builder::endpointOverride, () -> builder.forcePathStyle(true));
        return builder.build();
    }

    public SqsClient sqs() {
        var builder = SqsClient.builder()
                .overrideConfiguration(o -> o.metricPublishers(metrics))
                .region(Region.of(settings.text("ingest.aws.region")))
                .credentialsProvider(credentials());
        endpoint("ingest.sqs.endpoint-override", builder::endpointOverride, () -> { });
        return builder.build();
    }

    public BedrockRuntimeClient bedrock() {
        var builder = BedrockRuntimeClient.builder()
                .overrideConfiguration(o -> o.metricPublishers(metrics))
                .region(Region.of(settings.text("ingest.embedding.region")))
                .credentialsProvider(credentials());
        endpoint("ingest.embedding.endpoint-override", builder::endpointOverride, () -> { });
        return builder.build();
    }

    /** The worker's own Auto Scaling group (scale-in protection, health, the drain hook). */
    public AutoScalingClient autoScaling() {
        var builder = AutoScalingClient.builder()
                .overrideConfiguration(o -> o.metricPublishers(metrics))
                .region(Region.of(settings.text("ingest.aws.region")))
                .credentialsProvider(credentials());
        endpoint("ingest.fleet.endpoint-override", builder::endpointOverride, () -> { });
        return builder.build();
    }

    /** The meters' way to CloudWatch (Micrometer's registry and FilesProcessedPublisher share it). */
    public CloudWatchAsyncClient cloudWatch() {
        var builder = CloudWatchAsyncClient.builder()
                .region(Region.of(settings.text("ingest.aws.region")))
                .credentialsProvider(credentials());
        endpoint("ingest.metrics.cloudwatch.endpoint-override", builder::endpointOverride, () -> { });
        return builder.build();
    }

    /**
     * Fails with one sentence saying what to set when no credentials can be found: without it the
     * first AWS call fails later, deep in a stack trace.
     */
    public void requireCredentials() {
        try {
            credentials().resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalStateException("no AWS credentials found: run on an instance with the worker role (deploy/),"
                    + " or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or ingest.aws.access-key and ingest.aws.secret-key)", e);
        }
    }

    /**
     * Fails with one sentence naming the key to set when a queue the worker consumes or parks in
     * does not exist; Camel's consumer would otherwise fail on its first poll, in a stack trace.
     * Any other answer (SQS unreachable) is left to the readiness check.
     */
    public void requireQueues(List<String> keys) {
        try (SqsClient sqs = sqs()) {
            for (String key : keys) {
                String queue = settings.text(key);
                try {
                    sqs.getQueueUrl(request -> request.queueName(queue));
                } catch (QueueDoesNotExistException e) {
                    throw new IllegalStateException("the SQS queue '" + queue + "' does not exist in " + settings.text("ingest.aws.region")
                            + ": set " + key + " (" + ConfigurationCheck.environmentName(key) + ") to the stack's queue (deploy/)", e);
                } catch (SdkException e) {
                    return;
                }
            }
        }
    }

    public AwsCredentialsProvider credentials() {
        String accessKey = settings.text("ingest.aws.access-key");
        if (accessKey.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, settings.text("ingest.aws.secret-key")));
    }

    private void endpoint(String key, java.util.function.Consumer<URI> override, Runnable whenOverridden) {
        String endpoint = settings.text(key);
        if (!endpoint.isBlank()) {
            override.accept(URI.create(endpoint));
            whenOverridden.run();
        }
    }
}
