package io.docingest.options;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** The processor types of ingest.processor-types, and the metadata fields of ingest.metadata. */
public class OptionsBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public ProcessorTypes processorTypes(CamelContext camel) {
        return new ProcessorTypes(camel.getPropertiesComponent());
    }

    @BindToRegistry(lazy = true)
    public MetadataFields metadataFields(@PropertyInject("ingest.metadata.fields") String fields,
                                         @PropertyInject("ingest.metadata.list-fields") String listFields,
                                         @PropertyInject("ingest.metadata.path-rules") String pathRules) {
        return new MetadataFields(fields, listFields, pathRules);
    }
}
