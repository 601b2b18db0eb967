package io.docingest.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the EC2 instance metadata service (IMDSv2: a session token first, then the request) whether
 * this Spot instance has an interruption notice. 404 means none; 200 means about two minutes left.
 */
public class SpotInterruptionNotice {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String endpoint;

    public SpotInterruptionNotice(String endpoint) {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    public boolean isGiven() throws IOException, InterruptedException {
        String token = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/latest/api/token"))
                .timeout(TIMEOUT)
                .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> action = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/latest/meta-data/spot/instance-action"))
                .timeout(TIMEOUT)
                .header("X-aws-ec2-metadata-token", token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return action.statusCode() == 200;
    }
}
