package io.docingest.index;

import io.docingest.config.AwsClients;
import io.docingest.config.Settings;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.RestClient;

import java.time.Clock;
import java.util.Arrays;

/**
 * The low-level REST client the opensearch component and the beans use. Amazon OpenSearch Service
 * is reached over TLS with SigV4 (IAM) signing; self-managed clusters use basic auth or none.
 */
public final class OpenSearchClients {

    private OpenSearchClients() {
    }

    public static RestClient restClient(Settings settings) {
        return restClient(settings, null);
    }

    /** A client whose every request passes {@code metrics} (when given) in the HTTP client's exec chain. */
    public static RestClient restClient(Settings settings, AsyncExecChainHandler metrics) {
        String scheme = settings.flag("ingest.opensearch.enable-ssl") ? "https" : "http";
        HttpHost[] hosts = Arrays.stream(settings.text("ingest.opensearch.host-addresses").split(","))
                .map(String::strip)
                .map(address -> {
                    int colon = address.lastIndexOf(':');
                    return new HttpHost(scheme, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
                })
                .toArray(HttpHost[]::new);
        String auth = settings.text("ingest.opensearch.auth");
        Timeout timeout = Timeout.ofMilliseconds(settings.integer("ingest.opensearch.timeout-ms"));
        // Every wait bounded, the wait for a pooled connection included: an outage must end in
        // an error the route can redeliver, never in a thread parked forever.
        var builder = RestClient.builder(hosts).setRequestConfigCallback(request -> request
                .setConnectTimeout(timeout).setConnectionRequestTimeout(timeout).setResponseTimeout(timeout));
        BasicCredentialsProvider credentials = null;
        SigV4RequestSigner signer = null;
        switch (auth) {
            case "none" -> { }
            case "basic" -> {
                credentials = new BasicCredentialsProvider();
                credentials.setCredentials(new AuthScope(null, -1), new UsernamePasswordCredentials(
                        settings.text("ingest.opensearch.user"), settings.text("ingest.opensearch.password").toCharArray()));
            }
            case "aws-sigv4" -> signer = new SigV4RequestSigner(new AwsClients(settings).credentials(),
                    settings.text("ingest.opensearch.aws-region"), settings.text("ingest.opensearch.aws-service"),
                    Clock.systemUTC());
            default -> throw new IllegalArgumentException("configuration key 'ingest.opensearch.auth' is '" + auth
                    + "': allowed are none, basic, aws-sigv4");
        }
        BasicCredentialsProvider basic = credentials;
        SigV4RequestSigner sigV4 = signer;
        builder.setHttpClientConfigCallback(http -> {
            if (basic != null) {
                http.setDefaultCredentialsProvider(basic);
            }
            if (metrics != null) {
                http.addExecInterceptorFirst("metrics", metrics);
            }
            if (sigV4 != null) {
                http.addExecInterceptorLast("aws-sigv4", sigV4);
            }
            return http;
        });
        return builder.build();
    }
}
