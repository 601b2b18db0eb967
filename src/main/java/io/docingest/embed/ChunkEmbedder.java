package io.docingest.embed;

import io.docingest.document.EmbeddedChunk;
import io.docingest.document.IngestDocument;
import io.docingest.document.TextChunk;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.List;
import java.util.SortedMap;

/**
 * Chunks the document's text and embeds each chunk with the configured {@link Embedder}; the
 * route (routes/pipeline/embed.yaml) sends the chunks through a parallel splitter and
 * {@link ChunkOrderAggregation} puts them back in order.
 */
public class ChunkEmbedder {

    private final TextChunker chunker;
    private final Embedder embedder;

    public ChunkEmbedder(TextChunker chunker, Embedder embedder) {
        this.chunker = chunker;
        this.embedder = embedder;
    }

    public List<TextChunk> chunks(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        return chunker.chunk(doc.getPages());
    }

    public EmbeddedChunk embed(TextChunk chunk) {
        return new EmbeddedChunk(chunk, embedder.embed(chunk.text()));
    }

    /**
     * The embedded chunks, in chunk order, onto the document. A document without text has none:
     * the splitter then hands its empty list back unaggregated.
     */
    public void keep(@Body Object embedded, @ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        doc.setChunks(embedded instanceof SortedMap<?, ?> chunks
                ? chunks.values().stream().map(EmbeddedChunk.class::cast).toList() : List.of());
    }
}
