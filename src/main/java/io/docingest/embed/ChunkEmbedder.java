package io.docingest.embed;

import io.docingest.document.EmbeddedChunk;
import io.docingest.document.IngestDocument;
import io.docingest.document.TextChunk;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Chunks the document's text and embeds every chunk with the configured {@link Embedder}, several
 * at once on the embedders pool, kept in chunk order. Done in one step rather than by a parallel
 * splitter: the route's error handler would then retry and park each failing chunk on its own
 * (a throttled 1,000-chunk document parked a thousand times); here the first failure fails the
 * document once, and the requests not yet sent are cancelled.
 */
public class ChunkEmbedder {

    private final TextChunker chunker;
    private final Embedder embedder;
    private final ExecutorService embedders;

    public ChunkEmbedder(TextChunker chunker, Embedder embedder, ExecutorService embedders) {
        this.chunker = chunker;
        this.embedder = embedder;
        this.embedders = embedders;
    }

    public void embed(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws InterruptedException {
        List<Future<EmbeddedChunk>> requests = new ArrayList<>();
        for (TextChunk chunk : chunker.chunk(doc.getPages())) {
            requests.add(embedders.submit(() -> new EmbeddedChunk(chunk, embedder.embed(chunk.text()))));
        }
        List<EmbeddedChunk> embedded = new ArrayList<>(requests.size());
        try {
            for (Future<EmbeddedChunk> request : requests) {
                embedded.add(request.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } finally {
            requests.forEach(request -> request.cancel(true));
        }
        doc.setChunks(embedded);
    }
}
