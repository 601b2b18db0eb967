package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileEvent;
import io.docingest.document.FileIds;
import io.docingest.document.FileType;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageBatch;
import io.docingest.extract.PagePlanner;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's YAML is what the daemon runs with, and a mistake in it stops start-up by name. */
class ConfigurationTest {

    @TempDir
    static Path configDir;

    @BeforeAll
    static void copyShippedConfig() throws IOException {
        try (var files = Files.list(Path.of("config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, configDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void tunedValuesInAProfileFileTakeEffect() throws Exception {
        Files.writeString(configDir.resolve("application-tuned.yaml"), """
                ingest:
                  pages:
                    batch-size: 2
                    parallelism: 1
                  ocr:
                    languages: eng
                  thumbnail:
                    max-size: 200
                """);
        try (RunningDaemon daemon = new RunningDaemon("tuned", new Properties(),
                LocalServers.get().createQueues("tuned", 3), configDir, "tuned")) {
            String key = "files/tuned/scan.pdf";
            byte[] pdf = Fixtures.scannedPdf(List.of(
                    List.of("御見積書", "Estimate for the tuned worker"), List.of("page two"), List.of("page three")));
            daemon.putObject(key, pdf);
            daemon.deliver(daemon.transformedEvent(key));

            JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
            String content = file.path("content").asText();
            // English only: the Latin line is read, the Japanese word is not.
            assertThat(content).contains("Estimate for the tuned worker").doesNotContain("見積書");

            byte[] thumbnail = daemon.servers.s3.getObjectAsBytes(g -> g.bucket(LocalServers.THUMBNAILS)
                    .key("thumbnails/" + FileIds.fileId(key) + ".jpg")).asByteArray();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail));
            assertThat(Math.max(image.getWidth(), image.getHeight())).isEqualTo(200);

            Path local = Files.createTempFile(configDir, "scan", ".pdf");
            Files.write(local, pdf);
            IngestDocument doc = new IngestDocument(FileEvent.fromS3("b", key, 1L, "e", null, null, null, "test"), "id");
            doc.setFile(local);
            doc.setType(FileType.PDF);
            List<PageBatch> batches = new ArrayList<>();
            daemon.camel().getRegistry().lookupByNameAndType("pagePlanner", PagePlanner.class).plan(doc).forEachRemaining(batches::add);
            assertThat(batches).containsExactly(new PageBatch(1, 2), new PageBatch(3, 3));
        }
    }

    /**
     * Each profile's choice of sources (ingest.sources.enabled) runs exactly one of the two upload
     * sources, which both serve POST /documents, and the queue sources only where there are queues.
     */
    @Test
    void everyProfileLoadsExactlyOneUploadRoute() {
        for (String profile : List.of("aws", "local", "none")) {
            List<String> loaded = List.of(io.docingest.config.YamlConfig.load(Path.of("config"), profile)
                    .getProperty("ingest.sources.enabled").split(","));
            assertThat(loaded).as(profile).allMatch(name -> Files.isRegularFile(Path.of("routes/sources", name + ".yaml")));
            assertThat(loaded.stream().filter(name -> name.startsWith("upload"))).as(profile + ": " + loaded).hasSize(1);
            assertThat(loaded.contains("sqs")).as(profile).isEqualTo(!profile.equals("local"));
            assertThat(loaded.contains("nas")).as(profile).isEqualTo(profile.equals("local"));
        }
    }

    @Test
    void twoSourcesServingOneEndpointStopStartUpNamingBoth() throws Exception {
        assertStartUpFails("""
                ingest:
                  sources:
                    enabled: [sqs, upload, upload-to-folder]
                """, "sources 'upload' (routes/sources/upload.yaml) and 'upload-to-folder' (routes/sources/upload-to-folder.yaml)"
                + " both consume platform-http:", "/documents", "ingest.sources.enabled");
    }

    @Test
    void aSourceWithoutItsFileStopsStartUpListingTheSourcesThatExist() {
        Properties props = new Properties();
        props.setProperty("ingest.sources.enabled", "sqs,nsa");
        assertThatThrownBy(() -> IngestApplication.create(configDir, "test", props))
                .hasMessageContaining("names the source 'nsa', but there is no routes/sources/nsa.yaml")
                .hasMessageContaining("ftp-scanner, nas, priority-queue");
    }

    @Test
    void aMoveToFolderThatWouldBePolledAgainStopsStartUp() throws Exception {
        // "done" lies inside the polled tree and is not hidden: every moved file would be taken again.
        assertStartUpFails("ingest:\n  nas:\n    after-success: move\n    move-to: done\n", "ingest.nas.move-to", "'done'");
    }

    @Test
    void mirroredDeletionsWithFilesMovedAfterSuccessStopStartUp() throws Exception {
        // Every moved file would look deleted from the share, and be removed from the index.
        assertStartUpFails("ingest:\n  nas:\n    after-success: move\n    mirror:\n      deletions: true\n",
                "ingest.nas.after-success", "keep");
    }

    @Test
    void outputsBesideOriginalsThatAreDeletedAfterSuccessStopStartUp() throws Exception {
        // The deleted original would leave its searchable copy and results behind on the share.
        assertStartUpFails("ingest:\n  nas:\n    after-success: delete\n    outputs-beside: true\n", "ingest.nas.after-success", "keep");
    }

    @Test
    void originalsReplacedWithoutOutputsBesideThemStopStartUp() throws Exception {
        // Only outputs written on the share can take an original's place.
        assertStartUpFails("ingest:\n  nas:\n    replace-originals: true\n", "ingest.nas.outputs-beside", "true");
    }

    @Test
    void anUploadPrefixInsideTheWatchedPrefixStopsStartUp() throws Exception {
        // The bucket's events would announce every upload a second time.
        assertStartUpFails("ingest:\n  upload:\n    key-prefix: files/uploads/\n",
                "ingest.upload.key-prefix", "outside ingest.s3.key-prefix");
    }

    @Test
    void aValueOutOfRangeStopsStartUpNamingTheKey() throws Exception {
        assertStartUpFails("""
                ingest:
                  pages:
                    batch-size: 0
                """, "ingest.pages.batch-size", "minimum value of 1");
    }

    @Test
    void aValueOutsideTheAllowedSetStopsStartUpListingTheAllowedValues() throws Exception {
        assertStartUpFails("""
                ingest:
                  opensearch:
                    auth: kerberos
                """, "ingest.opensearch.auth", "none", "basic", "aws-sigv4");
    }

    @Test
    void anEmptyRegionStopsStartUpWithOneLineNamingWhatToSet() {
        // ingest.opensearch.aws-region copies it ({{ingest.aws.region}}): said once, at the key to set.
        assertThatThrownBy(() -> startWith("", Map.of("ingest.aws.region", ""))).satisfies(thrown -> assertThat(stackTrace(thrown))
                .contains("invalid configuration: 'ingest.aws.region' is not set: set it in config/ or as INGEST_AWS_REGION")
                .doesNotContain("ingest.opensearch.aws-region"));
    }

    @Test
    void aQueueThatDoesNotExistStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> startWith("", Map.of("ingest.sqs.priority-queue", "no-such-queue"))).hasStackTraceContaining(
                "the SQS queue 'no-such-queue' does not exist in us-east-1: set ingest.sqs.priority-queue (INGEST_SQS_PRIORITY_QUEUE)");
    }

    @Test
    void aMistypedKeyStopsStartUpListingTheKeysThatExist() throws Exception {
        assertStartUpFails("""
                ingest:
                  pages:
                    batchsize: 8
                """, "unknown configuration key 'ingest.pages.batchsize'", "batch-size", "parallelism");
    }

    @Test
    void aWrongTypeStopsStartUpNamingTheKey() throws Exception {
        assertStartUpFails("""
                ingest:
                  spot:
                    enabled: sometimes
                """, "ingest.spot.enabled", "boolean");
    }

    @Test
    void anUnknownCamelKeyStopsStartUpToo() throws Exception {
        assertStartUpFails("""
                camel:
                  main:
                    routes-reload-enabledd: true
                """, "camel.main.routesReloadEnabledd");
    }

    private static void assertStartUpFails(String profileYaml, String... expected) throws Exception {
        assertThatThrownBy(() -> startWith(profileYaml, Map.of())).hasStackTraceContaining(expected[0]).satisfies(thrown -> {
            for (String part : expected) {
                assertThat(stackTrace(thrown)).contains(part);
            }
        });
    }

    private static void startWith(String profileYaml, Map<String, String> overrides) throws Exception {
        Files.writeString(configDir.resolve("application-broken.yaml"), profileYaml);
        LocalServers servers = LocalServers.get();
        Properties props = servers.daemonProperties(servers.createQueues("broken", 3), "broken");
        props.putAll(overrides);
        var main = IngestApplication.create(configDir, "broken", props);
        try {
            main.start();
        } finally {
            main.stop();
        }
    }

    private static String stackTrace(Throwable thrown) {
        var out = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
