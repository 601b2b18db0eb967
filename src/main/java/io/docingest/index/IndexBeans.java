package io.docingest.index;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.opensearch.client.RestClient;

import java.nio.file.Path;

/**
 * The beans of routes/pipeline/index.yaml, from ingest.opensearch, and the index templates
 * installed (or upgraded) before the first document is written.
 */
public class IndexBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public IndexRequests indexRequests(@PropertyInject("ingest.opensearch.chunk-index") String chunkIndex,
                                       @PropertyInject("ingest.pipeline-version") String pipelineVersion) {
        return new IndexRequests(chunkIndex, pipelineVersion);
    }

    @BindToRegistry(lazy = true)
    public StaleChunkRemover staleChunkRemover(@BeanInject("openSearch") RestClient openSearch,
                                               @PropertyInject("ingest.opensearch.chunk-index") String chunkIndex) {
        return new StaleChunkRemover(openSearch, chunkIndex);
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        RestClient openSearch = camel.getRegistry().lookupByNameAndType("openSearch", RestClient.class);
        String templates = camel.getPropertiesComponent().parseUri("{{ingest.opensearch.templates-dir}}");
        camel.addService(new IndexTemplateInstaller(camel, openSearch, Path.of(templates)));
    }
}
