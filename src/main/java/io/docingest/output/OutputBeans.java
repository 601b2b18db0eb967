package io.docingest.output;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.services.s3.S3Client;

/** The beans of routes/pipeline/output.yaml, from ingest.output. */
public class OutputBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public OutputNaming outputNaming(@PropertyInject("ingest.output.prefix") String prefix) {
        return new OutputNaming(prefix);
    }

    @BindToRegistry(lazy = true)
    public ResultsDocument resultsDocument(@PropertyInject("ingest.pipeline-version") String pipelineVersion) {
        return new ResultsDocument(pipelineVersion);
    }

    @BindToRegistry(lazy = true)
    public OutputCheck outputCheck(CamelContext camel, @PropertyInject("ingest.output.uri") String uri) {
        // Looked up when used: local mode, whose outputs are files, has no S3 client.
        return new OutputCheck(uri, () -> camel.getRegistry().lookupByNameAndType("s3Client", S3Client.class));
    }
}
