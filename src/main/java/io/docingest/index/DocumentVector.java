package io.docingest.index;

import io.docingest.document.EmbeddedChunk;

import java.util.List;

/**
 * The file document's vector: the normalised mean of its chunk vectors, so a k-NN search over files
 * reflects all of the text, not only its first 30,000 characters as in the original worker.
 */
final class DocumentVector {

    private DocumentVector() {
    }

    static float[] meanOf(List<EmbeddedChunk> chunks) {
        if (chunks.isEmpty()) {
            return null;
        }
        float[] mean = new float[chunks.get(0).vector().length];
        for (EmbeddedChunk chunk : chunks) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += chunk.vector()[i];
            }
        }
        double norm = 0;
        for (float v : mean) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return null;
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= (float) norm;
        }
        return mean;
    }
}
