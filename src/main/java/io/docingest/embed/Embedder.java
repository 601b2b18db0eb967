package io.docingest.embed;

/** Turns text into a vector of {@code ingest.embedding.dimensions} floats. */
public interface Embedder {

    float[] embed(String text);
}
