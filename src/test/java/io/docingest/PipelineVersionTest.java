package io.docingest;

import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release that reads documents better raises ingest.pipeline-version: a version indexed by the
 * release before is not "already indexed" for it, and is worked on again when its event comes.
 */
class PipelineVersionTest {

    @Test
    void aDocumentIndexedByTheLastPipelineVersionIsWorkedOnAgainByTheNext() throws Exception {
        LocalServers.Queues queues = LocalServers.get().createQueues("versions", 3);
        String key = "files/versions/manual.pdf";
        try (RunningDaemon before = new RunningDaemon("versions", new Properties(), queues)) {
            before.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Read by release one"))));
            before.deliver(before.transformedEvent(key));
            before.deliver(before.transformedEvent(key));
            assertThat(before.metric("ingest_stage_seconds_count", "stage=\"fetch\"")).as("worked on once").isEqualTo(1);
        }
        Properties next = new Properties();
        next.setProperty("ingest.pipeline-version", "2");
        try (RunningDaemon after = new RunningDaemon("versions", next, queues)) {
            after.deliver(after.transformedEvent(key));
            assertThat(after.metric("ingest_stage_seconds_count", "stage=\"fetch\"")).as("worked on again").isEqualTo(1);
            assertThat(after.get("files", FileIds.fileId(key)).path("_source").path("pipeline_version").asText()).isEqualTo("2");
            assertThat(after.status(FileIds.fileId(key)).path("pipeline_version").asText()).isEqualTo("2");
            after.deliver(after.transformedEvent(key));
            assertThat(after.metric("ingest_stage_seconds_count", "stage=\"fetch\"")).as("and then not again").isEqualTo(1);
        }
    }
}
