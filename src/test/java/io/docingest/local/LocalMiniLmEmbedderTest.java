package io.docingest.local;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The single-threaded session is the same model as langchain4j's own (same vectors, same pooling),
 * and a chunk longer than the model's 128 word pieces is embedded whole.
 */
class LocalMiniLmEmbedderTest {

    private static final String TEXT = "The invoice for office supplies is due at the end of the month.";

    @Test
    void embedsAsTheLibrarysOwnModelDoes() {
        float[] ours = new LocalMiniLmEmbedder().embed(TEXT);
        float[] theirs = new AllMiniLmL6V2QuantizedEmbeddingModel().embed(TEXT).content().vector();
        assertThat(ours).hasSize(384);
        assertThat(cosine(ours, theirs)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void aRelatedSentenceIsCloserThanAnUnrelatedOne() {
        LocalMiniLmEmbedder embedder = new LocalMiniLmEmbedder();
        float[] invoice = embedder.embed(TEXT);
        float[] bill = embedder.embed("Payment for the stationery bill must be made by month end.");
        float[] weather = embedder.embed("Heavy snow closed the mountain pass overnight.");
        assertThat(cosine(invoice, bill)).isGreaterThan(cosine(invoice, weather) + 0.1);
    }

    @Test
    void wordsBeyondTheModelsWindowCountInAChunksVector() {
        LocalMiniLmEmbedder embedder = new LocalMiniLmEmbedder();
        // About 1,400 characters alike, well past the 128 word pieces the tokenizer keeps.
        // Measured: cosine 0.978 between the two chunks, the query 0.18 from the snow chunk and
        // 0.06 from the other.
        String head = ("The invoice for office supplies is due at the end of the month, and the purchasing team "
                + "checks each order against the signed quotation before it is paid. ").repeat(9);
        float[] snow = embedder.embed(head + "Heavy snow closed the mountain pass overnight, and the trains to the "
                + "valley stopped until the ploughs had cleared the line in the morning.");
        float[] football = embedder.embed(head + "The home side scored twice in the second half and won the cup "
                + "final in front of a full stadium of cheering supporters.");
        float[] query = embedder.embed("snow closed the mountain pass and stopped the trains");
        // Cut off at the window, both chunks would be the same vector, equally near the query.
        assertThat(cosine(snow, football)).isLessThan(0.995);
        assertThat(cosine(query, snow)).isGreaterThan(cosine(query, football) + 0.05);
    }

    @Test
    void windowsAreTheTextCutBetweenWordsIntoPiecesTheModelReadsWhole() throws Exception {
        // Long words, letters outside the Basic Multilingual Plane (two UTF-16 units each), kanji.
        String text = ("Internationalization of the characterization workflow: 𝐀𝐁𝐂 matrices, 𠮷野家の請求書と"
                + "見積書、oversimplification notwithstanding. ").repeat(30);
        List<String> windows = new LocalMiniLmEmbedder().windows(text);

        assertThat(windows).hasSizeGreaterThan(5);
        assertThat(String.join("", windows)).isEqualTo(text);
        try (InputStream file = getClass().getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json");
             HuggingFaceTokenizer whole = HuggingFaceTokenizer.newInstance(file, Map.of("truncation", "false", "padding", "false"))) {
            for (String window : windows) {
                String[] pieces = whole.encode(window).getTokens();
                assertThat(pieces.length - 2).as("pieces in %s", window).isLessThanOrEqualTo(126);
                assertThat(pieces[1]).as("the first piece of %s", window).doesNotStartWith("##");
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
