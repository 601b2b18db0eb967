package io.docingest.local;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The single-threaded session is the same model as langchain4j's own: same vectors, same pooling. */
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
