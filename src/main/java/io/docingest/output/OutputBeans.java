package io.docingest.output;

import io.docingest.document.BesideOriginal;
import io.docingest.options.ProcessorTypes;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;

/** The beans of routes/pipeline/output.yaml, from ingest.output. */
public class OutputBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public OutputNaming outputNaming(@PropertyInject("ingest.output.prefix") String prefix, BesideOriginal beside) {
        return new OutputNaming(prefix, beside);
    }

    @BindToRegistry(lazy = true)
    public BesideOriginal besideOriginal(@PropertyInject("ingest.nas.outputs-beside") boolean enabled,
                                         @PropertyInject("ingest.nas.output-suffix") String suffix,
                                         @PropertyInject("ingest.nas.replace-originals") boolean replaceOriginals) {
        return new BesideOriginal(enabled, suffix, replaceOriginals);
    }

    @BindToRegistry(lazy = true)
    public OriginalReplacement originalReplacement(BesideOriginal beside) {
        return new OriginalReplacement(beside);
    }

    @BindToRegistry(lazy = true)
    public ResultsDocument resultsDocument(@PropertyInject("ingest.pipeline-version") String pipelineVersion) {
        return new ResultsDocument(pipelineVersion);
    }

    @BindToRegistry(lazy = true)
    public OutputRemoval outputRemoval(CamelContext camel, ProcessorTypes processorTypes, OutputNaming naming, BesideOriginal beside,
                                       @PropertyInject("ingest.output.uri") String uri,
                                       @PropertyInject("ingest.nas.dir") String share) {
        return new OutputRemoval(processorTypes, uri, naming, beside, Path.of(share),
                () -> camel.getRegistry().lookupByNameAndType("s3Client", S3Client.class));
    }

    @BindToRegistry(lazy = true)
    public OutputCheck outputCheck(CamelContext camel, @PropertyInject("ingest.output.uri") String uri,
                                   @PropertyInject("ingest.nas.dir") String share) {
        // Looked up when used: local mode, whose outputs are files, has no S3 client.
        return new OutputCheck(uri, Path.of(share), () -> camel.getRegistry().lookupByNameAndType("s3Client", S3Client.class));
    }
}
