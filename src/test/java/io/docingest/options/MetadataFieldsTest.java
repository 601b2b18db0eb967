package io.docingest.options;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataFieldsTest {

    private final MetadataFields fields = new MetadataFields("department,project,tags,year", "tags",
            "nas/{department}/**,files/*/{year}-reports/**,files/{department}/{project}/**");

    @Test
    void theObjectsMetadataWinsOverTheMessageWhichWinsOverTheFolders() {
        assertThat(fields.resolve(Map.of("department", "経理"), Map.of("department", List.of("営業"), "project", List.of("P-7")),
                "files/総務/2026/a.pdf")).containsExactly(Map.entry("department", "経理"), Map.entry("project", "P-7"));
        assertThat(fields.resolve(Map.of(), Map.of(), "files/総務/2026/a.pdf"))
                .containsExactly(Map.entry("department", "総務"), Map.entry("project", "2026"));
    }

    @Test
    void aListFieldIsSplitAtCommasAndOthersKeepTheirValue() {
        assertThat(fields.resolve(Map.of("tags", "予算, 2026,,予算"), Map.of("project", List.of("a, b")), "x.pdf"))
                .containsExactly(Map.entry("project", "a, b"), Map.entry("tags", List.of("予算", "2026")));
    }

    @Test
    void rulesMatchFoldersOnlyNeverTheFilesName() {
        assertThat(fields.resolve(Map.of(), Map.of(), "nas/report.pdf")).isEmpty();
        assertThat(fields.resolve(Map.of(), Map.of(), "nas/経理/report.pdf")).containsExactly(Map.entry("department", "経理"));
        assertThat(fields.resolve(Map.of(), Map.of(), "nas/経理/2026/q3/report.pdf")).containsExactly(Map.entry("department", "経理"));
        // files/{department}/{project}/** needs two folders below files/
        assertThat(fields.resolve(Map.of(), Map.of(), "files/総務/report.pdf")).isEmpty();
        assertThat(fields.resolve(Map.of(), Map.of(), "files/総務/2025-reports/report.pdf"))
                .containsExactly(Map.entry("department", "総務"), Map.entry("project", "2025-reports"), Map.entry("year", "2025"));
    }

    @Test
    void aRuleOrListFieldNamingAnUnconfiguredFieldStopsStartUp() {
        assertThatThrownBy(() -> new MetadataFields("department", "", "nas/{team}/**"))
                .hasMessageContaining("path rule 'nas/{team}/**' names field 'team', which is not in ingest.metadata.fields");
        assertThatThrownBy(() -> new MetadataFields("department", "tags", ""))
                .hasMessageContaining("ingest.metadata.list-fields names field 'tags'");
        assertThatThrownBy(() -> new MetadataFields("department", "", "nas/dept-*/{department}"))
                .hasMessageContaining("must be whole segments");
        assertThatThrownBy(() -> new MetadataFields("department", "", "nas/**"))
                .hasMessageContaining("names no field");
    }
}
