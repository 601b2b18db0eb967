package io.docingest.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the index templates in {@code config/opensearch/*.json} at start-up. Templates are JSON
 * with Camel property placeholders ({@code {{ingest...}}}), so index names, the vector dimension and
 * the k-NN engine come from the operator's config. A template the cluster has at the same or a
 * newer {@code version} is left alone (a template from before versions counts as 0). For a newer
 * shipped version its fields are first added to the existing indices it covers, then it replaces
 * the installed one, so a release that adds a field needs no manual step. A changed field cannot
 * be added that way: start-up stops, naming it, and keeps stopping (the old version stays) until
 * the indices are reindexed (deploy/README.md).
 * <p>
 * The index each template names first (the configured file, chunk and status index) is then
 * created if missing, and start-up waits for its primary shard: a read of an index created a
 * moment before by another request is answered 503 while its shard recovers, and the first
 * uploads after a fresh install met exactly that.
 */
public class IndexTemplateInstaller extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplateInstaller.class);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9.\\-]+)}}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel;
    private final RestClient client;
    private final Path templatesDir;

    public IndexTemplateInstaller(CamelContext camel, RestClient client, Path templatesDir) {
        this.camel = camel;
        this.client = client;
        this.templatesDir = templatesDir;
    }

    @Override
    protected void doStart() throws IOException {
        try (DirectoryStream<Path> templates = Files.newDirectoryStream(templatesDir, "*.json")) {
            for (Path template : templates) {
                createAndAwait(install(template));
            }
        }
    }

    private void createAndAwait(String index) throws IOException {
        Request create = new Request("PUT", "/" + index);
        create.addParameter("ignore", "400");  // answered, not thrown: an index that exists already is fine
        Response created = client.performRequest(create);
        String body = created.getEntity() == null ? "" : new String(created.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
        if (created.getStatusLine().getStatusCode() == 400 && !body.contains("resource_already_exists_exception")) {
            throw new IllegalStateException("cannot create index " + index + ": " + body);
        }
        Request health = new Request("GET", "/_cluster/health/" + index);
        health.addParameter("wait_for_status", "yellow");
        health.addParameter("timeout", "60s");
        JsonNode answer = JSON.readTree(client.performRequest(health).getEntity().getContent());
        if (answer.path("timed_out").asBoolean()) {
            throw new IllegalStateException("index " + index + " has no active primary shard after 60 s: " + answer);
        }
    }

    /**
     * Replaces {@code {{key}}} with the property's value. Camel's own resolver cannot be used on
     * JSON: it takes every closing "}}" of nested objects for the end of a placeholder.
     */
    private String resolve(String json) {
        Matcher placeholder = PLACEHOLDER.matcher(json);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String key = placeholder.group(1);
            String value = camel.getPropertiesComponent().resolveProperty(key)
                    .orElseThrow(() -> new IllegalArgumentException("index template needs configuration key '" + key + "'"));
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(out).toString();
    }

    /**
     * The template is named after the index it is for, so two configurations sharing a cluster
     * (two environments, or two test runs) each get their own.
     */
    /** Installs or upgrades the template; returns the index it names first. */
    private String install(Path template) throws IOException {
        String json = resolve(Files.readString(template, StandardCharsets.UTF_8));
        JsonNode shipped = JSON.readTree(json);
        String index = shipped.path("index_patterns").path(0).asText();
        String name = index.replace("*", "") + "-template";
        int version = shipped.path("version").asInt(0);
        Request get = new Request("GET", "/_index_template/" + name);
        get.addParameter("ignore", "404");  // the client's way to take a 404 as an answer, not an exception
        Response answer = client.performRequest(get);
        if (answer.getStatusLine().getStatusCode() == 200) {
            JsonNode installed = JSON.readTree(answer.getEntity().getContent());
            int installedVersion = installed.path("index_templates").path(0).path("index_template").path("version").asInt(0);
            if (installedVersion >= version) {
                LOG.info("Index template {} version {} already present", name, installedVersion);
                return index;
            }
            // Indices first: a refused field leaves the old version in place, so every start stops until it is fixed.
            addFieldsToExistingIndices(shipped);
            put(name, json);
            LOG.info("Index template {} updated from version {} to {}; its fields added to existing indices", name,
                    installedVersion, version);
            return index;
        }
        put(name, json);
        LOG.info("Index template {} version {} installed from {}", name, version, template);
        return index;
    }

    private void put(String name, String json) throws IOException {
        Request put = new Request("PUT", "/_index_template/" + name);
        put.setJsonEntity(json);
        client.performRequest(put);
    }

    /** New fields are added; a field whose mapping changed is refused by OpenSearch with its name. */
    private void addFieldsToExistingIndices(JsonNode shipped) throws IOException {
        List<String> patterns = new ArrayList<>();
        shipped.path("index_patterns").forEach(pattern -> patterns.add(pattern.asText()));
        Request mapping = new Request("PUT", "/" + String.join(",", patterns) + "/_mapping");
        mapping.addParameter("allow_no_indices", "true");
        mapping.setJsonEntity(JSON.writeValueAsString(JSON.createObjectNode()
                .set("properties", shipped.path("template").path("mappings").path("properties"))));
        try {
            client.performRequest(mapping);
        } catch (ResponseException e) {
            throw new IllegalStateException("could not add the fields of the index template for " + patterns
                    + " to the existing indices; a field whose mapping changed needs a reindex (deploy/README.md, Upgrade): "
                    + e.getMessage(), e);
        }
    }
}
