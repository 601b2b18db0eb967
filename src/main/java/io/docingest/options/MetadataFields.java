package io.docingest.options;

import io.docingest.document.IngestDocument;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields clients filter on ({@code ingest.metadata.fields}: department, project, tags, and
 * any an operator adds), filled for each document from, in this order of precedence: the
 * object's own metadata ({@code x-amz-meta-department}, a local file's {@code user.department}
 * attribute), the message's {@code metadata} object, and the first path rule
 * ({@code ingest.metadata.path-rules}) that matches the key and names the field. A field in
 * {@code ingest.metadata.list-fields} holds several values; a comma-separated one is split.
 * Fields not configured are ignored: a message cannot write over the pipeline's own fields.
 */
public class MetadataFields {

    private final List<String> fields;
    private final Set<String> listFields;
    private final List<PathRule> rules = new ArrayList<>();

    public MetadataFields(String fields, String listFields, String pathRules) {
        this.fields = names(fields);
        this.listFields = new TreeSet<>(names(listFields));
        for (String listField : this.listFields) {
            requireConfigured("ingest.metadata.list-fields", listField);
        }
        for (String rule : names(pathRules)) {
            PathRule compiled = new PathRule(rule);
            if (compiled.fields().isEmpty()) {
                throw new IllegalArgumentException("path rule '" + rule + "' names no field, such as {department}");
            }
            compiled.fields().forEach(field -> requireConfigured("path rule '" + rule + "'", field));
            rules.add(compiled);
        }
    }

    private void requireConfigured(String where, String field) {
        if (!fields.contains(field)) {
            throw new IllegalArgumentException(where + " names field '" + field + "', which is not in ingest.metadata.fields ("
                    + String.join(", ", fields) + ")");
        }
    }

    private static List<String> names(String list) {
        return list == null ? List.of() : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public void fill(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        doc.setMetadataFields(resolve(doc.getMetadata(), doc.getEvent().metadata(), doc.getEvent().key()));
    }

    /** Each configured field's value: a string, or a list for a list field; absent when no source gives one. */
    Map<String, Object> resolve(Map<String, String> objectMetadata, Map<String, List<String>> message, String key) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (String field : fields) {
            List<String> values = values(field, objectMetadata, message, key);
            if (!values.isEmpty()) {
                resolved.put(field, listFields.contains(field) || values.size() > 1 ? values : values.get(0));
            }
        }
        return resolved;
    }

    private List<String> values(String field, Map<String, String> objectMetadata, Map<String, List<String>> message, String key) {
        String own = objectMetadata.get(field.toLowerCase(Locale.ROOT));
        if (own != null && !own.isBlank()) {
            return split(field, List.of(own));
        }
        List<String> given = message.get(field);
        if (given != null && !given.isEmpty()) {
            return split(field, given);
        }
        for (PathRule rule : rules) {
            String value = rule.match(key).get(field);
            if (value != null) {
                return List.of(value);
            }
        }
        return List.of();
    }

    private List<String> split(String field, List<String> values) {
        if (!listFields.contains(field)) {
            return values.stream().map(String::strip).toList();
        }
        return values.stream().flatMap(value -> names(value).stream()).distinct().toList();
    }
}
