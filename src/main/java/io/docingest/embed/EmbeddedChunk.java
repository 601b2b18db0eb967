package io.docingest.embed;

/** A chunk and its embedding. */
public record EmbeddedChunk(TextChunk chunk, float[] vector) {
}
