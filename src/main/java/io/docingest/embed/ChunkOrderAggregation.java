package io.docingest.embed;

import io.docingest.document.EmbeddedChunk;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.TreeMap;

/**
 * Joins the embedded chunks of one document, which come back from parallel requests in any
 * order, keyed by chunk number. Stateless itself (the map travels in the aggregated exchange).
 */
public class ChunkOrderAggregation implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange collected, Exchange chunk) {
        Exchange target = collected == null ? chunk : collected;
        TreeMap<Integer, EmbeddedChunk> chunks = collected == null
                ? new TreeMap<>() : collected.getMessage().getBody(TreeMap.class);
        EmbeddedChunk embedded = chunk.getMessage().getBody(EmbeddedChunk.class);
        chunks.put(embedded.chunk().index(), embedded);
        target.getMessage().setBody(chunks);
        return target;
    }
}
