package io.docingest.detect;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** The type detection routes/pipeline/ingest.yaml runs after the fetch. */
public class DetectBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public FileTypeDetector fileTypeDetector() {
        return new FileTypeDetector();
    }
}
