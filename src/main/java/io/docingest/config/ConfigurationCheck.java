package io.docingest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the effective {@code ingest.*} configuration (YAML, profile, environment and overrides,
 * resolved as the routes will see it) against {@code config/application.schema.yaml}, refuses to
 * start on an unknown key or a bad value, and logs what the daemon runs with, secrets masked.
 */
public final class ConfigurationCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationCheck.class);
    private static final String PREFIX = "ingest.";
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|access-key|token).*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern COPY = Pattern.compile("\\{\\{([^}:]+)}}");

    private final JsonNode schemaNode;
    private final JsonSchema schema;

    public ConfigurationCheck(Path schemaFile) {
        try {
            schemaNode = YAML.readTree(schemaFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration schema " + schemaFile, e);
        }
        // Loose typing: every effective value is text (environment variables have no types), so
        // "4" must count as an integer and "true" as a boolean.
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schemaNode, SchemaValidatorsConfig.builder().typeLoose(true).build());
    }

    /** Validates and logs; throws {@link IllegalArgumentException} naming every bad key. */
    public SortedMap<String, String> verify(PropertiesComponent properties, Map<String, String> environment) {
        Properties declared = properties.loadProperties(key -> key.startsWith(PREFIX));
        SortedMap<String, String> effective = new TreeMap<>();
        for (String key : declared.stringPropertyNames()) {
            effective.put(key, properties.resolveProperty(key).orElse(""));
        }
        List<String> problems = new ArrayList<>(unknownEnvironmentKeys(effective.keySet(), environment));
        Map<String, ValidationMessage> badKeys = new TreeMap<>();
        for (ValidationMessage message : schema.validate(tree(effective))) {
            if ("additionalProperties".equals(message.getType())) {
                problems.add(describe(message, effective));
            } else {
                badKeys.putIfAbsent(dotted(message.getInstanceLocation().toString()), message);
            }
        }
        badKeys.forEach((key, message) -> {
            if (!badKeys.containsKey(placeholderOf(declared.getProperty(key, "")))) {  // said once, at the key it copies
                problems.add(describe(message, effective));
            }
        });
        if (problems.size() == 1) {
            throw new IllegalArgumentException("invalid configuration: " + problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  " + String.join("\n  ", problems.stream().sorted().toList()));
        }
        LOG.info("Effective configuration:\n{}", masked(effective));
        return effective;
    }

    /** One line per key, the values of passwords, secrets, keys and tokens replaced. */
    static String masked(Map<String, String> effective) {
        return effective.entrySet().stream()
                .map(e -> "  " + e.getKey() + " = " + (SECRET.matcher(e.getKey()).matches() && !e.getValue().isEmpty() ? "******" : e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    /**
     * Environment variables only override keys the YAML declares (Camel's mapping: upper case,
     * dots and dashes to underscores), so an {@code INGEST_*} variable matching none is a typo
     * that would otherwise be ignored in silence.
     */
    private static List<String> unknownEnvironmentKeys(Set<String> keys, Map<String, String> environment) {
        Set<String> known = keys.stream().map(ConfigurationCheck::environmentName).collect(Collectors.toSet());
        return environment.keySet().stream()
                .filter(name -> name.startsWith("INGEST_") && !name.equals("INGEST_PROFILE") && !known.contains(name))
                .map(name -> "environment variable " + name + " matches no configuration key (see config/application.yaml)")
                .toList();
    }

    /** Camel's mapping of a key to the environment variable that overrides it. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static ObjectNode tree(Map<String, String> effective) {
        ObjectNode root = YAML.createObjectNode();
        effective.forEach((key, value) -> {
            String[] parts = key.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
            }
            node.put(parts[parts.length - 1], value);
        });
        return root;
    }

    private String describe(ValidationMessage message, Map<String, String> effective) {
        String parent = dotted(message.getInstanceLocation().toString());
        if ("additionalProperties".equals(message.getType())) {
            String key = parent + "." + message.getProperty();
            return "unknown configuration key '" + key + "'; allowed under " + parent + ": " + allowedUnder(parent);
        }
        String value = effective.getOrDefault(parent, "");
        if (value.isBlank()) {
            return "'" + parent + "' is not set: set it in config/ or as " + environmentName(parent);
        }
        return "configuration key '" + parent + "' = '" + value + "': "
                + message.getMessage().replaceFirst("^\\$[^:]*: ", "");
    }

    /** The key a value copies whole ({@code "{{ingest.aws.region}}"}), else "". */
    private static String placeholderOf(String raw) {
        Matcher copy = COPY.matcher(raw.strip());
        return copy.matches() ? copy.group(1) : "";
    }

    private String allowedUnder(String dottedPath) {
        JsonNode node = schemaNode;
        for (String part : dottedPath.split("\\.")) {
            node = node.path("properties").path(part);
        }
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.path("properties").fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return String.join(", ", names);
    }

    /** JSON Schema's instance location (a JSON pointer, {@code /ingest/pages/batch-size}) as a configuration key. */
    private static String dotted(String location) {
        return location.replaceFirst("^/", "").replace('/', '.');
    }
}
