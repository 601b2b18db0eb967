package io.docingest.document;

/** A chunk and its embedding. */
public record EmbeddedChunk(TextChunk chunk, float[] vector) {
}
