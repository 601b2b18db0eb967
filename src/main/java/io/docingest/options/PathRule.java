package io.docingest.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of {@code ingest.metadata.path-rules}: a pattern over a key's folders that names the
 * fields its segments fill, such as {@code nas/{department}/**} or
 * {@code files/{department}/{project}/**}. {@code {field}} takes one folder's name (or part of it:
 * {@code {year}-reports}), {@code *} matches one folder, {@code **} any number of folders, none
 * included; anything else must be the same. The file's own name is never a field's value.
 */
final class PathRule {

    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private final String text;
    private final Pattern pattern;
    private final List<String> fields = new ArrayList<>();

    PathRule(String text) {
        this.text = text.strip();
        if (this.text.isEmpty() || this.text.startsWith("/")) {
            throw new IllegalArgumentException("path rule '" + text + "' must be a relative pattern such as nas/{department}/**");
        }
        // Matched against the folders followed by '/', so each segment of the rule ends in one.
        StringBuilder regex = new StringBuilder();
        for (String segment : this.text.split("/")) {
            regex.append(segment.equals("**") ? "(?:[^/]+/)*" : segment(segment) + "/");
        }
        pattern = Pattern.compile(regex.toString());
    }

    private String segment(String segment) {
        if (segment.equals("*")) {
            return "[^/]+";
        }
        if (segment.contains("*")) {
            throw new IllegalArgumentException("path rule '" + text + "': '*' and '**' must be whole segments");
        }
        StringBuilder regex = new StringBuilder();
        Matcher field = FIELD.matcher(segment);
        int from = 0;
        while (field.find()) {
            regex.append(Pattern.quote(segment.substring(from, field.start()))).append("([^/]+?)");
            fields.add(field.group(1));
            from = field.end();
        }
        return regex.append(Pattern.quote(segment.substring(from))).toString();
    }

    List<String> fields() {
        return fields;
    }

    /** The fields this rule reads from the key's folders, or none when it does not match. */
    Map<String, String> match(String key) {
        int slash = key.lastIndexOf('/');
        Matcher matcher = pattern.matcher(slash < 0 ? "" : key.substring(0, slash + 1));
        Map<String, String> values = new LinkedHashMap<>();
        if (matcher.matches()) {
            for (int i = 0; i < fields.size(); i++) {
                values.putIfAbsent(fields.get(i), matcher.group(i + 1));
            }
        }
        return values;
    }
}
