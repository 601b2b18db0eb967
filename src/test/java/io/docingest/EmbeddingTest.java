package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** A document's chunks are embedded several at once, one request each, and indexed in order. */
class EmbeddingTest {

    @Test
    void chunksAreEmbeddedSeveralAtOnceOneRequestEachAndKeptInOrder() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.embedding.chunk-size", "200");
        props.setProperty("ingest.embedding.chunk-overlap", "20");
        props.setProperty("ingest.embedding.concurrency", "4");
        try (RunningDaemon daemon = new RunningDaemon("embedding", props)) {
            List<List<String>> pages = new ArrayList<>();
            for (int page = 1; page <= 10; page++) {
                List<String> lines = new ArrayList<>();
                for (int line = 1; line <= 8; line++) {
                    lines.add("Page " + page + " line " + line + " of the embedding order document");
                }
                pages.add(lines);
            }
            String key = "files/embedding/long.pdf";
            daemon.putObject(key, Fixtures.bornDigitalPdf(pages));
            int before = daemon.servers.bedrock.invocations();  // the stub serves every test of this JVM
            daemon.servers.bedrock.answerAfter(100);
            daemon.servers.bedrock.resetMostAtOnce();
            try {
                daemon.deliver(daemon.transformedEvent(key));
            } finally {
                daemon.servers.bedrock.answerAfter(0);
            }

            int chunkCount = daemon.get("files", FileIds.fileId(key)).path("_source").path("chunk_count").asInt();
            assertThat(chunkCount).isGreaterThan(12);
            assertThat(daemon.servers.bedrock.invocations() - before).as("one request per chunk").isEqualTo(chunkCount);
            assertThat(daemon.servers.bedrock.mostAtOnce()).as("requests at once").isGreaterThanOrEqualTo(2);
            JsonNode hits = daemon.search("chunks", "{\"size\":500,\"query\":{\"term\":{\"file_id\":\""
                    + FileIds.fileId(key) + "\"}},\"sort\":[{\"chunk\":\"asc\"}]}").path("hits").path("hits");
            assertThat(hits.size()).isEqualTo(chunkCount);
            int lastPage = 0;
            for (int i = 0; i < hits.size(); i++) {
                JsonNode chunk = hits.get(i).path("_source");
                assertThat(chunk.path("chunk").asInt()).isEqualTo(i);
                assertThat(chunk.path("page_from").asInt()).as("chunk " + i).isGreaterThanOrEqualTo(lastPage);
                lastPage = chunk.path("page_from").asInt();
            }
            assertThat(lastPage).isEqualTo(10);
        }
    }
}
