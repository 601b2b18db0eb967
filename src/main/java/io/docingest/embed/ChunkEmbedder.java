package io.docingest.embed;

import io.docingest.document.EmbeddedChunk;
import io.docingest.document.IngestDocument;
import io.docingest.document.TextChunk;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.List;

/** Chunks the document's text and embeds every chunk with the configured {@link Embedder}. */
public class ChunkEmbedder {

    private final TextChunker chunker;
    private final Embedder embedder;

    public ChunkEmbedder(TextChunker chunker, Embedder embedder) {
        this.chunker = chunker;
        this.embedder = embedder;
    }

    public void embed(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        List<EmbeddedChunk> embedded = new ArrayList<>();
        for (TextChunk chunk : chunker.chunk(doc.getPages())) {
            embedded.add(new EmbeddedChunk(chunk, embedder.embed(chunk.text())));
        }
        doc.setChunks(embedded);
    }
}
