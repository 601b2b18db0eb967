package io.docingest.observe;

import io.docingest.metrics.IngestMetrics;
import io.docingest.status.StatusIndex;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The pipeline observer, registered with Camel's event notifiers. */
public class ObserveBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) {
        // Camel Main collects event notifiers from the registry before configuration classes
        // bind theirs, so this one is added to the management strategy directly.
        var registry = camel.getRegistry();
        camel.getManagementStrategy().addEventNotifier(new PipelineObserver(
                registry.findSingleByType(IngestMetrics.class), registry.findSingleByType(StatusIndex.class)));
    }
}
