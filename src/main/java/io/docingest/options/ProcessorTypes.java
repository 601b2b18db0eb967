package io.docingest.options;

import io.docingest.document.DocumentOptions;
import io.docingest.document.IngestDocument;
import io.docingest.document.PermanentFailureException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.PropertiesComponent;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-document processing rules of {@code ingest.processor-types}: a document names its type in
 * its object metadata ({@code processor-type}, as the original upload proof of concept did), or its
 * source names one in the {@code processorType} header; a type sets only what differs from
 * {@code default}.
 */
public class ProcessorTypes {

    public static final String METADATA_KEY = "processor-type";
    public static final String HEADER = "processorType";
    /** The exchange property a source whose every document is urgent (the priority queue) sets to {@code high}. */
    public static final String PRIORITY_PROPERTY = "ingestPriority";
    private static final String PREFIX = "ingest.processor-types.";

    private final Map<String, DocumentOptions> types = new TreeMap<>();

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
                    option(properties, name, "priority")));
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
        DocumentOptions options = types.get(name(requested));
        return options != null && options.isHighPriority();
    }

    private static String name(String requested) {
        return requested == null || requested.isBlank() ? "default" : requested.strip();
    }

    /** For a source that can still refuse the document (an upload): an unknown type is the caller's error. */
    public void requireKnown(String requested) {
        if (!types.containsKey(name(requested))) {
            throw new IllegalArgumentException(unknown(name(requested)));
        }
    }

    private DocumentOptions named(String requested) {
        DocumentOptions options = types.get(name(requested));
        if (options == null) {
            throw new PermanentFailureException(unknown(name(requested)));
        }
        return options;
    }

    private String unknown(String name) {
        return "unknown processor-type '" + name + "' (configured: " + String.join(", ", types.keySet()) + ")";
    }
}
