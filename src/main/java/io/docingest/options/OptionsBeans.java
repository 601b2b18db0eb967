package io.docingest.options;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The processor types of ingest.processor-types. */
public class OptionsBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public ProcessorTypes processorTypes(CamelContext camel) {
        return new ProcessorTypes(camel.getPropertiesComponent());
    }
}
