package io.docingest.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Amazon Titan text embeddings through the AWS SDK v2 Bedrock Runtime client. Throttling and 5xx
 * are retried by the SDK's own retry policy first and by the route's redelivery after that.
 */
public class BedrockTitanEmbedder implements Embedder {

    private final BedrockRuntimeClient client;
    private final ObjectMapper json;
    private final String modelId;
    private final int dimensions;
    private final boolean normalize;

    public BedrockTitanEmbedder(BedrockRuntimeClient client, ObjectMapper json, String modelId, int dimensions,
                                boolean normalize) {
        this.client = client;
        this.json = json;
        this.modelId = modelId;
        this.dimensions = dimensions;
        this.normalize = normalize;
    }

    @Override
    public float[] embed(String text) {
        ObjectNode request = json.createObjectNode()
                .put("inputText", text)
                .put("dimensions", dimensions)
                .put("normalize", normalize);
        InvokeModelResponse response = client.invokeModel(r -> r
                .modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(request.toString())));
        try {
            JsonNode vector = json.readTree(response.body().asInputStream()).path("embedding");
            if (vector.size() != dimensions) {
                throw new IllegalStateException(modelId + " returned " + vector.size() + " dimensions, expected " + dimensions);
            }
            float[] out = new float[vector.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) vector.get(i).asDouble();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable Bedrock response", e);
        }
    }
}
