package io.docingest.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The EC2 instance metadata service, IMDSv2 (a session token first, then the request). Written on
 * Java's HTTP client: the SDK's IMDS client module is not among the packages this build may use,
 * and three GETs do not need it.
 */
public class InstanceMetadata {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String endpoint;

    public InstanceMetadata(String endpoint) {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    /** {@code /latest/meta-data/<path>}, or empty when the service answers 404 (nothing there). */
    public Optional<String> get(String path) throws IOException, InterruptedException {
        String token = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/latest/api/token"))
                .timeout(TIMEOUT)
                .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/latest/meta-data/" + path))
                .timeout(TIMEOUT)
                .header("X-aws-ec2-metadata-token", token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        if (answer.statusCode() != 200) {
            throw new IOException("instance metadata " + path + ": HTTP " + answer.statusCode());
        }
        return Optional.of(answer.body().strip());
    }
}
