package io.docingest;

import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With reload enabled, editing a route file changes what the running daemon does, and the
 * document in flight while the file changes finishes on the old route.
 */
class RouteReloadTest {

    @TempDir
    Path routes;

    @Test
    void anEditedRouteTakesEffectWithoutARestartAndTheDocumentInFlightFinishesOnTheOldOne() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = routes.resolve(Path.of("routes").relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        Properties props = new Properties();
        props.setProperty("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml,file:" + routes
                + "/pipeline/*.yaml,file:" + routes + "/ops/*.yaml,file:" + routes + "/templates/*.yaml");
        props.setProperty("ingest.sources.dir", routes.resolve("sources").toString());
        props.setProperty("camel.main.routes-reload-enabled", "true");
        props.setProperty("camel.main.routes-reload-directory", routes.toString());
        props.setProperty("camel.main.shutdown-timeout", "120");
        props.setProperty("ingest.pages.parallelism", "1");
        props.setProperty("ingest.pages.batch-size", "1");
        try (RunningDaemon daemon = new RunningDaemon("reload", props, LocalServers.get().createQueues("reload", 3),
                Path.of("config"), "test")) {
            List<List<String>> pages = new ArrayList<>();
            for (int page = 1; page <= 8; page++) {
                pages.add(List.of("ページ " + page, "Page " + page + " of the document in flight"));
            }
            String inFlight = "files/reload/in-flight.pdf";
            daemon.putObject(inFlight, Fixtures.scannedPdf(pages));
            NotifyBuilder firstDone = daemon.messagesDone(1);
            daemon.send(daemon.transformedEvent(inFlight));
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_pages_total") >= 1);

            // The operator's edit: every document of this queue is processed as "english".
            Path ingest = routes.resolve("pipeline/ingest.yaml");
            String edited = Files.readString(ingest).replace("""
                                - bean:
                                    ref: processorTypes
                                    method: choose
                """, """
                                - setHeader:
                                    name: processorType
                                    constant: english
                                - bean:
                                    ref: processorTypes
                                    method: choose
                """);
            assertThat(edited).as("the edit applies").contains("constant: english");
            org.apache.camel.Route before = daemon.camel().getRoute("ingest");
            Files.writeString(ingest, edited);

            RunningDaemon.await(firstDone);
            assertThat(daemon.get("files", FileIds.fileId(inFlight)).path("_source").path("processor_type").asText())
                    .as("finished on the route it started on").isEqualTo("default");

            String after = "files/reload/after.pdf";
            daemon.putObject(after, Fixtures.scannedPdf(List.of(List.of("御見積書", "After the edit"))));
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.camel().getRoute("ingest") != null
                    && daemon.camel().getRoute("ingest") != before
                    && daemon.camel().getRouteController().getRouteStatus("ingest").isStarted());
            daemon.deliver(daemon.transformedEvent(after));
            assertThat(daemon.get("files", FileIds.fileId(after)).path("_source").path("processor_type").asText())
                    .isEqualTo("english");
        }
    }
}
