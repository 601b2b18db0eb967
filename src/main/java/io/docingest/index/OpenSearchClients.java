package io.docingest.index;

import io.docingest.config.Settings;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.RestClient;

import java.util.Arrays;

/**
 * The low-level REST client shared by the opensearch component (which autowires it) and the
 * template installer. Self-managed clusters use basic auth or none.
 */
public final class OpenSearchClients {

    private OpenSearchClients() {
    }

    public static RestClient restClient(Settings settings) {
        String scheme = settings.flag("ingest.opensearch.enable-ssl") ? "https" : "http";
        HttpHost[] hosts = Arrays.stream(settings.text("ingest.opensearch.host-addresses").split(","))
                .map(String::strip)
                .map(address -> {
                    int colon = address.lastIndexOf(':');
                    return new HttpHost(scheme, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
                })
                .toArray(HttpHost[]::new);
        String user = settings.text("ingest.opensearch.user");
        Timeout timeout = Timeout.ofMilliseconds(settings.positive("ingest.opensearch.timeout-ms"));
        // Every wait bounded, the wait for a pooled connection included: an outage must end in
        // an error the route can redeliver, never in a thread parked forever.
        var builder = RestClient.builder(hosts).setRequestConfigCallback(request -> request
                .setConnectTimeout(timeout).setConnectionRequestTimeout(timeout).setResponseTimeout(timeout));
        if (!user.isBlank()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(null, -1),
                    new UsernamePasswordCredentials(user, settings.text("ingest.opensearch.password").toCharArray()));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }
}
