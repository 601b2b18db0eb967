package io.docingest.fetch;

import io.docingest.config.Limits;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The beans of routes/pipeline/fetch.yaml. */
public class FetchBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public ObjectSpooler objectSpooler(@PropertyInject("ingest.work-dir") String workDir, Limits limits) {
        return new ObjectSpooler(workDir, limits.maxObjectBytes());
    }

    @BindToRegistry(lazy = true)
    public S3FailureClassifier s3FailureClassifier() {
        return new S3FailureClassifier();
    }
}
