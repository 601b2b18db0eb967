package io.docingest.index;

import com.sun.net.httpserver.HttpServer;
import io.docingest.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amazon OpenSearch Service authenticates requests by SigV4. A local HTTP server receives what the
 * configured client sends and the test re-signs that request with the AWS SDK's signer, from the
 * received method, path, signed headers and body: the signatures must be identical.
 */
class OpenSearchSigningTest {

    private record Received(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    }

    @Test
    void requestsAreSignedForTheEsServiceOverTheirExactBody() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", http -> {
            received.add(new Received(http.getRequestMethod(), http.getRequestURI().toString(),
                    Map.copyOf(http.getRequestHeaders()), http.getRequestBody().readAllBytes()));
            http.sendResponseHeaders(200, 2);
            http.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            http.close();
        });
        server.start();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties props = new Properties();
            props.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + server.getAddress().getPort());
            props.setProperty("ingest.opensearch.enable-ssl", "false");
            props.setProperty("ingest.opensearch.timeout-ms", "5000");
            props.setProperty("ingest.opensearch.auth", "aws-sigv4");
            props.setProperty("ingest.opensearch.aws-region", "ap-northeast-1");
            props.setProperty("ingest.opensearch.aws-service", "es");
            props.setProperty("ingest.aws.access-key", "AKIDEXAMPLE");
            props.setProperty("ingest.aws.secret-key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            camel.getPropertiesComponent().setInitialProperties(props);
            try (RestClient client = OpenSearchClients.restClient(new Settings(camel))) {
                Request put = new Request("PUT", "/documents/_doc/abc");
                put.addParameter("refresh", "true");
                put.setJsonEntity("{\"content\":\"見積書 estimate\"}");
                client.performRequest(put);
            }
        } finally {
            server.stop(0);
        }

        Received request = received.get(0);
        String authorization = header(request, "Authorization");
        String amzDate = header(request, "X-amz-date");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + amzDate.substring(0, 8)
                + "/ap-northeast-1/es/aws4_request");
        assertThat(header(request, "x-amz-content-sha256")).as("payload hash").isEqualTo(sha256(request.body()));
        assertThat(resign(request, amzDate)).isEqualTo(authorization);
    }

    private static String resign(Received request, String amzDate) {
        String signedHeaders = header(request, "Authorization").replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create("http://" + header(request, "Host") + request.pathAndQuery()));
        for (String name : Arrays.stream(signedHeaders.split(";")).filter(h -> !h.equals("x-amz-date")).toList()) {
            unsigned.putHeader(name, header(request, name));
        }
        Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).parse(amzDate, Instant::from);
        return AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(request.body()))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "es")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "ap-northeast-1")
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElseThrow();
    }

    private static String sha256(byte[] body) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    }

    private static String header(Received request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElseThrow(() -> new AssertionError("no header " + name));
    }
}
