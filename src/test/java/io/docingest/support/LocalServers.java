package io.docingest.support;

import io.docingest.local.EmbeddedOpenSearch;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The real servers the tests run against, on loopback, started once per test JVM and shared by
 * every test class (starting OpenSearch costs seconds): ElasticMQ (SQS API, with a real redrive
 * policy to a DLQ), S3Proxy over a file-system blob store (S3 API), an OpenSearch node with
 * kuromoji and k-NN, and the Bedrock stub. Only Bedrock is a stand-in: it is the cloud.
 */
public final class LocalServers {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    public static final String MODEL_ID = "amazon.titan-embed-text-v2:0";
    public static final String LANDING = "landing";
    public static final String THUMBNAILS = "thumbnails";
    public static final String OUTPUT = "output";

    private static LocalServers instance;

    public final SQSRestServer sqsServer;
    public final S3Proxy s3Server;
    public final EmbeddedOpenSearch openSearch;
    public final BedrockStub bedrock;
    public final SqsClient sqs;
    public final S3Client s3;
    private final Path home;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalServers() throws Exception {
        home = Files.createTempDirectory("doc-ingest-servers");
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
        int sqsPort = sqsServer.waitUntilStarted().localAddress().getPort();

        Properties blobs = new Properties();
        Files.createDirectories(home.resolve("s3"));
        blobs.setProperty("jclouds.filesystem.basedir", home.resolve("s3").toString());
        s3Server = S3Proxy.builder()
                .blobStore(ContextBuilder.newBuilder("filesystem").overrides(blobs)
                        .build(BlobStoreContext.class).getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        s3Server.start();

        openSearch = EmbeddedOpenSearch.start(home.resolve("opensearch"), 0);
        bedrock = new BedrockStub(MODEL_ID);

        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort)).build();
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                .endpointOverride(URI.create(s3Endpoint())).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        s3.createBucket(b -> b.bucket(LANDING));
        s3.createBucket(b -> b.bucket(THUMBNAILS));
        s3.createBucket(b -> b.bucket(OUTPUT));
    }

    public static synchronized LocalServers get() throws Exception {
        if (instance == null) {
            instance = new LocalServers();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "local-servers-stop"));
        }
        return instance;
    }

    private void stop() {
        try {
            bedrock.close();
            openSearch.close();
            s3Server.stop();
            sqsServer.stopAndWait();
        } catch (Exception e) {
            System.err.println("local servers did not stop cleanly: " + e);
        }
    }

    public String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Server.getPort();
    }

    /** A fresh queue, its priority queue and their DLQ, joined by redrive policies as in production. */
    public Queues createQueues(String name, int maxReceiveCount) {
        String dlqUrl = sqs.createQueue(q -> q.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> redrive = Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}");
        String url = sqs.createQueue(q -> q.queueName(name).attributes(redrive)).queueUrl();
        String priorityUrl = sqs.createQueue(q -> q.queueName(name + "-priority").attributes(redrive)).queueUrl();
        return new Queues(name, url, name + "-dlq", dlqUrl, name + "-priority", priorityUrl);
    }

    public record Queues(String name, String url, String dlqName, String dlqUrl, String priorityName, String priorityUrl) {
    }

    /**
     * Properties that point the daemon at these servers, with a distinct index prefix per test
     * class so classes cannot see each other's documents.
     */
    public Properties daemonProperties(Queues queues, String indexPrefix) {
        Properties p = new Properties();
        p.setProperty("ingest.sqs.endpoint-override", sqsEndpoint());
        p.setProperty("ingest.s3.endpoint-override", s3Endpoint());
        p.setProperty("ingest.s3.checksum-calculation", "WHEN_REQUIRED");
        p.setProperty("ingest.aws.region", "us-east-1");
        p.setProperty("ingest.aws.access-key", ACCESS_KEY);
        p.setProperty("ingest.aws.secret-key", SECRET_KEY);
        p.setProperty("ingest.embedding.endpoint-override", bedrock.endpoint());
        p.setProperty("ingest.s3.bucket", LANDING);
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("camel.server.port", String.valueOf(freePort()));
        p.setProperty("camel.management.host", "127.0.0.1");
        p.setProperty("camel.management.port", String.valueOf(freePort()));
        p.setProperty("ingest.sqs.queue", queues.name());
        p.setProperty("ingest.sqs.dead-letter-queue", queues.dlqName());
        p.setProperty("ingest.sqs.priority-queue", queues.priorityName());
        p.setProperty("ingest.sqs.wait-time-seconds", "1");
        p.setProperty("ingest.thumbnail.uri", "aws2-s3://" + THUMBNAILS + "?amazonS3Client=#s3Client&autoCreateBucket=false");
        p.setProperty("ingest.thumbnail.url-prefix", "s3://" + THUMBNAILS);
        p.setProperty("ingest.output.uri", "aws2-s3://" + OUTPUT + "?amazonS3Client=#s3Client&autoCreateBucket=false");
        p.setProperty("ingest.opensearch.host-addresses", openSearch.hostAddress());
        p.setProperty("ingest.opensearch.file-index", indexPrefix + "-files");
        p.setProperty("ingest.opensearch.chunk-index", indexPrefix + "-chunks");
        p.setProperty("ingest.opensearch.status-index", indexPrefix + "-status");
        p.setProperty("ingest.opensearch.shards", "1");
        p.setProperty("ingest.opensearch.replicas", "0");
        p.setProperty("ingest.retry.transient.redelivery-delay", "100");
        p.setProperty("ingest.retry.transient.maximum-redelivery-delay", "1000");
        return p;
    }

    public static int freePort() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A raw request to the OpenSearch node; returns the body. */
    public String openSearch(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + openSearch.hostAddress() + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
