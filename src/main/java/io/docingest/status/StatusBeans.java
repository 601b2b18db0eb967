package io.docingest.status;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.opensearch.client.RestClient;

/** The status index's owner, from ingest.opensearch and ingest.status. */
public class StatusBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public StatusIndex statusIndex(@BeanInject("openSearch") RestClient openSearch,
                                   @PropertyInject("ingest.opensearch.status-index") String statusIndex,
                                   @PropertyInject("ingest.opensearch.file-index") String fileIndex,
                                   @PropertyInject("ingest.worker-id") String workerId,
                                   @PropertyInject("ingest.status.progress-interval-ms") long progressIntervalMillis,
                                   @PropertyInject("ingest.pipeline-version") String pipelineVersion) {
        return new StatusIndex(openSearch, statusIndex, fileIndex, workerId, progressIntervalMillis, pipelineVersion);
    }
}
