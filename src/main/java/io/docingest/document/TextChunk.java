package io.docingest.document;

/** A piece of a document's text with the pages it spans (1-based, inclusive). */
public record TextChunk(int index, String text, int firstPage, int lastPage) {
}
