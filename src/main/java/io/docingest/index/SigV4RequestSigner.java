package io.docingest.index;

import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signs every request to Amazon OpenSearch Service with SigV4 (IAM), using the AWS SDK's own
 * signer and credentials chain (the instance role on EC2). Written as a step of the HTTP client's
 * execution chain because camel-opensearch takes a plain REST client and has no signing option of
 * its own; it is the one place that sees the request body, which SigV4 hashes into the signature.
 */
public class SigV4RequestSigner implements AsyncExecChainHandler {

    /** Headers the signer adds and the request must carry. */
    private static final Set<String> SIGNATURE_HEADERS = Set.of("authorization", "x-amz-date", "x-amz-security-token",
            "x-amz-content-sha256");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String service;
    private final Clock clock;

    public SigV4RequestSigner(AwsCredentialsProvider credentials, String region, String service, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope, AsyncExecChain chain,
                        AsyncExecCallback callback) throws HttpException, IOException {
        byte[] body = entity == null ? new byte[0] : BufferedBody.read(entity);
        sign(request, body);
        chain.proceed(request, entity == null ? null
                : new BasicAsyncEntityProducer(body, ContentType.parseLenient(entity.getContentType())), scope, callback);
    }

    private void sign(HttpRequest request, byte[] body) throws IOException {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.getMethod()))
                .uri(uri(request));
        for (var header : request.getHeaders()) {
            if (!SIGNATURE_HEADERS.contains(header.getName().toLowerCase())) {
                unsigned.appendHeader(header.getName(), header.getValue());
            }
        }
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (SIGNATURE_HEADERS.contains(header.getKey().toLowerCase())) {
                request.setHeader(header.getKey(), header.getValue().get(0));
            }
        }
    }

    private static URI uri(HttpRequest request) throws IOException {
        try {
            return request.getUri();
        } catch (URISyntaxException e) {
            throw new IOException("unsignable request URI", e);
        }
    }
}
