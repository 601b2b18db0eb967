package io.docingest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code config/application.yaml} and its profile file and flattens them into the dotted
 * keys Camel's property placeholders use. Camel Main reads only {@code .properties} files, so this
 * is the one bridge between the operator's YAML and Camel.
 */
public final class YamlConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlConfig() {
    }

    /** application.yaml, then application-{profile}.yaml on top (when the profile file exists). */
    public static Properties load(Path configDir, String profile) {
        Properties props = new Properties();
        flatten("", read(configDir.resolve("application.yaml")), props);
        if (profile != null && !profile.isBlank()) {
            Path profileFile = configDir.resolve("application-" + profile + ".yaml");
            if (Files.exists(profileFile)) {
                flatten("", read(profileFile), props);
            }
        }
        return props;
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            return node == null ? YAML.createObjectNode() : node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration " + file, e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Properties into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(item -> joined.append(joined.length() == 0 ? "" : ",").append(item.asText()));
            into.setProperty(prefix, joined.toString());
        } else if (!node.isNull()) {
            into.setProperty(prefix, node.asText());
        }
    }
}
