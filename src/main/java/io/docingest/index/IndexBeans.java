package io.docingest.index;

import io.docingest.options.ProcessorTypes;
import io.docingest.status.StatusIndex;
import io.docingest.store.OptimisticWrites;
import io.docingest.thumbnail.ThumbnailRemover;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.opensearch.client.RestClient;

import java.nio.file.Path;

/**
 * The beans of routes/pipeline/index.yaml and remove.yaml, from ingest.opensearch, and the index templates
 * installed (or upgraded) before the first document is written.
 */
public class IndexBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public IndexRequests indexRequests(@PropertyInject("ingest.opensearch.chunk-index") String chunkIndex,
                                       @PropertyInject("ingest.pipeline-version") String pipelineVersion) {
        return new IndexRequests(chunkIndex, pipelineVersion);
    }

    @BindToRegistry(lazy = true)
    public ChunkVersions chunkVersions(@BeanInject("openSearch") RestClient openSearch,
                                       @PropertyInject("ingest.opensearch.chunk-index") String chunkIndex) {
        return new ChunkVersions(openSearch, chunkIndex);
    }

    @BindToRegistry(lazy = true)
    public FileDocumentCommit fileDocumentCommit(@BeanInject("openSearch") RestClient openSearch, StatusIndex statusIndex,
                                                 ChunkVersions chunkVersions, ProcessorTypes processorTypes,
                                                 @PropertyInject("ingest.opensearch.file-index") String fileIndex) {
        return new FileDocumentCommit(new OptimisticWrites(openSearch), statusIndex, chunkVersions, processorTypes, fileIndex);
    }

    @BindToRegistry(lazy = true)
    public FileRemoval fileRemoval(@BeanInject("openSearch") RestClient openSearch, ChunkVersions chunkVersions,
                                   ThumbnailRemover thumbnailRemover, ProcessorTypes processorTypes,
                                   @PropertyInject("ingest.opensearch.file-index") String fileIndex) {
        return new FileRemoval(new OptimisticWrites(openSearch), chunkVersions, thumbnailRemover, processorTypes, fileIndex);
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        RestClient openSearch = camel.getRegistry().lookupByNameAndType("openSearch", RestClient.class);
        String templates = camel.getPropertiesComponent().parseUri("{{ingest.opensearch.templates-dir}}");
        camel.addService(new IndexTemplateInstaller(camel, openSearch, Path.of(templates)));
    }
}
