package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An upgrade against a cluster the previous release set up: its older files template (no
 * version, no priority field) and an index made from it. The new release's template replaces it,
 * and the new field reaches the existing index; a field whose type changed stops start-up instead.
 */
class IndexTemplateUpgradeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNewerTemplateReplacesTheInstalledOneAndItsNewFieldsReachExistingIndices() throws Exception {
        previousRelease("upgrade", "{}");
        try (RunningDaemon upgraded = new RunningDaemon("upgrade", new Properties())) {
            assertThat(template("upgrade").path("version").asInt()).isEqualTo(shippedVersion());
            JsonNode mapping = JSON.readTree(LocalServers.get().openSearch("GET", "/upgrade-files/_mapping", null));
            assertThat(mapping.path("upgrade-files").path("mappings").path("properties").path("priority").path("type").asText())
                    .isEqualTo("keyword");
            assertThat(mapping.path("upgrade-files").path("mappings").path("properties").path("pages_blank").path("type").asText())
                    .isEqualTo("integer");
        }
    }

    @Test
    void aFieldWhoseTypeChangedStopsStartUpNamingIt() throws Exception {
        previousRelease("upgradeconflict", "{\"properties\":{\"priority\":{\"type\":\"integer\"}}}");
        assertThatThrownBy(() -> new RunningDaemon("upgradeconflict", new Properties()).close())
                .hasStackTraceContaining("reindex").hasStackTraceContaining("priority");
        assertThat(template("upgradeconflict").path("version").asInt())
                .as("the old template stays, so the next start stops too").isZero();
    }

    /** The version of the files template this release ships (its file holds placeholders, so it is not read as JSON). */
    private static int shippedVersion() throws Exception {
        String template = java.nio.file.Files.readString(java.nio.file.Path.of("config/opensearch/ingest-files.json"));
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("\"version\": (\\d+)").matcher(template);
        assertThat(version.find()).isTrue();
        return Integer.parseInt(version.group(1));
    }

    /** What the previous release left: its template (no version, no priority field) and an index from it. */
    private void previousRelease(String prefix, String extraMapping) throws Exception {
        new RunningDaemon(prefix, new Properties()).close();  // installs this release's templates
        ObjectNode template = (ObjectNode) template(prefix);
        template.remove("version");
        ((ObjectNode) template.path("template").path("mappings").path("properties")).remove("priority");
        LocalServers.get().openSearch("PUT", "/_index_template/" + prefix + "-files-template", template.toString());
        // This release's start created the index from its own template: the previous one's replaces it.
        LocalServers.get().openSearch("DELETE", "/" + prefix + "-files", null);
        LocalServers.get().openSearch("PUT", "/" + prefix + "-files", null);
        LocalServers.get().openSearch("PUT", "/" + prefix + "-files/_mapping", extraMapping);
    }

    private JsonNode template(String prefix) throws Exception {
        return JSON.readTree(LocalServers.get().openSearch("GET", "/_index_template/" + prefix + "-files-template", null))
                .path("index_templates").path(0).path("index_template");
    }
}
