package io.docingest.options;

import io.docingest.document.DocumentOptions;
import io.docingest.document.IngestDocument;
import io.docingest.document.PermanentFailureException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.PropertiesComponent;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-document processing rules of {@code ingest.processor-types}: a document names its type in
 * its object metadata ({@code processor-type}, as the original upload proof of concept did), or its
 * source names one in the {@code processorType} header; a type sets only what differs from
 * {@code default}. Other names may stand for a type ({@code ingest.processor-type-aliases}, such as the
 * batch proof of concept's {@code pool}); a name that is neither is parked, or given the type
 * {@code ingest.unknown-processor-type} names.
 */
public class ProcessorTypes {

    public static final String METADATA_KEY = "processor-type";
    public static final String HEADER = "processorType";
    /** The exchange property a source whose every document is urgent (the priority queue) sets to {@code high}. */
    public static final String PRIORITY_PROPERTY = "ingestPriority";
    private static final String PREFIX = "ingest.processor-types.";
    private static final String ALIASES = "ingest.processor-type-aliases.";
    private static final String UNKNOWN = "ingest.unknown-processor-type";
    private static final String PARK = "park";

    private final Map<String, DocumentOptions> types = new TreeMap<>();
    private final Map<String, String> aliases = new TreeMap<>();
    /** The type a document naming an unknown one gets; null: it is parked. */
    private final String forUnknown;

    public ProcessorTypes(PropertiesComponent properties) {
        Set<String> names = new TreeSet<>();
        properties.loadProperties(key -> key.startsWith(PREFIX)).stringPropertyNames()
                .forEach(key -> names.add(key.substring(PREFIX.length(), key.indexOf('.', PREFIX.length()))));
        if (!names.contains("default")) {
            throw new IllegalArgumentException("configuration key 'ingest.processor-types.default' is required");
        }
        for (String name : names) {
            types.put(name, new DocumentOptions(name, option(properties, name, "ocr-languages"),
                    Boolean.parseBoolean(option(properties, name, "skip-ocr")), option(properties, name, "index-suffix"),
                    option(properties, name, "priority"), option(properties, name, "detect-codes"),
                    Boolean.parseBoolean(option(properties, name, "ocr-embedded-images")), option(properties, name, "output")));
        }
        Properties aliasKeys = properties.loadProperties(key -> key.startsWith(ALIASES));
        for (String key : aliasKeys.stringPropertyNames()) {
            String alias = key.substring(ALIASES.length());
            String type = aliasKeys.getProperty(key).strip();
            requireType(key, type);
            if (types.containsKey(alias)) {
                throw new IllegalArgumentException("configuration key '" + key + "': '" + alias
                        + "' is a processor type already; an alias cannot replace it");
            }
            aliases.put(alias, type);
        }
        String unknown = properties.resolveProperty(UNKNOWN).orElse(PARK).strip();
        if (!unknown.equals(PARK)) {
            requireType(UNKNOWN, unknown);
        }
        forUnknown = unknown.equals(PARK) ? null : unknown;
    }

    private void requireType(String key, String type) {
        if (!types.containsKey(type)) {
            throw new IllegalArgumentException("configuration key '" + key + "' names processor type '" + type
                    + "', which is not configured (configured: " + String.join(", ", types.keySet()) + ")");
        }
    }

    private static String option(PropertiesComponent properties, String type, String option) {
        return properties.resolveProperty(PREFIX + type + "." + option)
                .or(() -> properties.resolveProperty(PREFIX + "default." + option))
                .orElseThrow(() -> new IllegalArgumentException("configuration key '" + PREFIX + "default." + option + "' is required"));
    }

    /** Every file index a document can be in: the configured one and one per index suffix of a processor type. */
    public Set<String> fileIndices(String configured) {
        Set<String> indices = new TreeSet<>();
        types.values().forEach(options -> indices.add(options.fileIndex(configured)));
        return indices;
    }

    /** Whether any processor type writes outputs (ingest.output): if none, a deletion has none to remove. */
    public boolean anyWritesOutputs() {
        return types.values().stream().anyMatch(options -> options.searchablePdf() || options.results());
    }

    /**
     * Sets the document's options from its metadata or its source's header, at high priority if its
     * source says so; an unknown type is a permanent failure.
     */
    public void choose(Exchange exchange) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        String requested = doc.getMetadata().getOrDefault(METADATA_KEY, exchange.getMessage().getHeader(HEADER, String.class));
        DocumentOptions options = named(requested);
        boolean urgentSource = DocumentOptions.HIGH.equals(exchange.getProperty(PRIORITY_PROPERTY, String.class));
        doc.setOptions(urgentSource ? options.withHighPriority() : options);
    }

    /**
     * Whether a document of this type (an upload's processor-type field; none: default) is high
     * priority; an unknown type is not, and is parked when the pipeline takes it.
     */
    public boolean isHighPriority(String requested) {
        String type = typeOf(requested);
        return type != null && types.get(type).isHighPriority();
    }

    /** The configured type a requested name stands for (itself, an alias's type, or the unknown's); null: parked. */
    private String typeOf(String requested) {
        String name = requested == null || requested.isBlank() ? "default" : requested.strip();
        String type = aliases.getOrDefault(name, name);
        return types.containsKey(type) ? type : forUnknown;
    }

    /** For a source that can still refuse the document (an upload): a type that would be parked is the caller's error. */
    public void requireKnown(String requested) {
        if (typeOf(requested) == null) {
            throw new IllegalArgumentException(unknown(requested.strip()));
        }
    }

    private DocumentOptions named(String requested) {
        String type = typeOf(requested);
        if (type == null) {
            throw new PermanentFailureException(unknown(requested.strip()));
        }
        return types.get(type);
    }

    private String unknown(String name) {
        return "unknown processor-type '" + name + "' (configured: " + String.join(", ", types.keySet())
                + (aliases.isEmpty() ? "" : "; aliases: " + String.join(", ", aliases.keySet())) + ")";
    }
}
