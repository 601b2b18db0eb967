package io.docingest.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

import java.io.IOException;

/**
 * Latency and errors of every OpenSearch request, measured in the HTTP client's exec chain so the
 * component's calls and the beans' own are counted alike: {@code ingest.opensearch.requests{method,
 * outcome}}, outcome being the status class (2xx, 4xx, 5xx) or {@code io-error}.
 */
public class OpenSearchCallMetrics implements AsyncExecChainHandler {

    private final MeterRegistry registry;

    public OpenSearchCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope, AsyncExecChain chain,
                        AsyncExecCallback callback) throws HttpException, IOException {
        long start = System.nanoTime();
        String method = request.getMethod();
        chain.proceed(request, entity, scope, new AsyncExecCallback() {
            private volatile String outcome = "io-error";

            @Override
            public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails details) throws HttpException, IOException {
                outcome = (response.getCode() / 100) + "xx";
                return callback.handleResponse(response, details);
            }

            @Override
            public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
                callback.handleInformationResponse(response);
            }

            @Override
            public void completed() {
                record(method, outcome, start);
                callback.completed();
            }

            @Override
            public void failed(Exception cause) {
                record(method, "io-error", start);
                callback.failed(cause);
            }
        });
    }

    private void record(String method, String outcome, long start) {
        Timer.builder("ingest.opensearch.requests").tag("method", method).tag("outcome", outcome)
                .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
