package io.docingest.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the index templates in {@code config/opensearch/*.json} at start-up when the cluster does
 * not have them yet. Templates are JSON with Camel property placeholders ({@code {{ingest...}}}), so
 * index names, the vector dimension and the k-NN engine come from the operator's config. Existing
 * templates are left alone: changing a live mapping is an operator's decision, not a restart's.
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
                install(template);
            }
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
    private void install(Path template) throws IOException {
        String json = resolve(Files.readString(template, StandardCharsets.UTF_8));
        String name = JSON.readTree(json).path("index_patterns").path(0).asText().replace("*", "") + "-template";
        // The low-level client answers HEAD 404 as a response, not an exception.
        if (client.performRequest(new Request("HEAD", "/_index_template/" + name)).getStatusLine().getStatusCode() == 200) {
            LOG.info("Index template {} already present", name);
            return;
        }
        Request put = new Request("PUT", "/_index_template/" + name);
        put.setJsonEntity(json);
        client.performRequest(put);
        LOG.info("Index template {} installed from {}", name, template);
    }
}
