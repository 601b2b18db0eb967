package io.docingest.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** The bean of routes/pipeline/embed.yaml, from ingest.embedding. */
public class EmbedBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public ChunkEmbedder chunkEmbedder(Registry registry, CamelContext camel,
                                       @PropertyInject("ingest.embedding.provider") String provider,
                                       @PropertyInject("ingest.embedding.chunk-size") int chunkSize,
                                       @PropertyInject("ingest.embedding.chunk-overlap") int chunkOverlap) {
        // The embedders thread pool profile (camel.threadpool, sized by ingest.embedding.concurrency).
        return new ChunkEmbedder(new TextChunker(chunkSize, chunkOverlap), embedder(registry, provider),
                camel.getExecutorServiceManager().newThreadPool(this, "embedder", "embedders"));
    }

    /** Bedrock in production; any other provider name is a bean the runner bound (the local model). */
    private static Embedder embedder(Registry registry, String provider) {
        if ("bedrock".equals(provider)) {
            return registry.lookupByNameAndType("bedrockEmbedder", Embedder.class);
        }
        Embedder embedder = registry.lookupByNameAndType(provider + "Embedder", Embedder.class);
        if (embedder == null) {
            throw new IllegalArgumentException("configuration key 'ingest.embedding.provider' is '" + provider
                    + "': allowed are 'bedrock' and, in the local runner, 'local'");
        }
        return embedder;
    }

    @BindToRegistry(lazy = true)
    public BedrockTitanEmbedder bedrockEmbedder(BedrockRuntimeClient client,
                                                @PropertyInject("ingest.embedding.model-id") String modelId,
                                                @PropertyInject("ingest.embedding.dimensions") int dimensions,
                                                @PropertyInject("ingest.embedding.normalize") boolean normalize) {
        return new BedrockTitanEmbedder(client, new ObjectMapper(), modelId, dimensions, normalize);
    }
}
