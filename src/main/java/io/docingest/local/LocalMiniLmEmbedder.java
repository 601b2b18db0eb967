package io.docingest.local;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.docingest.embed.Embedder;

/**
 * An in-process embedding model for the local runner (no AWS account): all-MiniLM-L6-v2, quantised,
 * run with ONNX Runtime from the jar. 384 dimensions and English-centred; the local profile sets
 * the index dimension to match. Production uses Bedrock Titan.
 */
public class LocalMiniLmEmbedder implements Embedder {

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }
}
