package io.docingest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rule of ARCHITECTURE.md ("Where code goes"), over the compiled classes: the document
 * model is at the bottom, the pipeline's steps stand in pipeline order above it, and no package
 * imports one above it. Only the entry points (the composition root, io.docingest itself, and the
 * local runner) see every package.
 */
class PackageRulesTest {

    /** Bottom to top; a package may use those on lower lines only. */
    static final List<List<String>> LAYERS = List.of(
            List.of("document"),
            List.of("config"),
            List.of("metrics"),
            List.of("store"),
            List.of("options", "ocr", "status"),
            List.of("source"),
            List.of("fetch"),
            List.of("detect"),
            List.of("extract"),
            List.of("thumbnail"),
            List.of("output"),
            List.of("embed"),
            List.of("index"),
            List.of("outcome"),
            List.of("observe"),
            List.of("ops"),
            List.of("health", "http"));
    /** Entry points above every layer: the composition root (io.docingest) and the local runner that starts it. */
    static final List<String> ENTRY_POINTS = List.of("io.docingest", "io.docingest.local..");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.docingest");
    }

    @Test
    void everyPackageIsInALayer() {
        List<String> named = LAYERS.stream().flatMap(List::stream).toList();
        List<String> found = classes.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith("io.docingest."))
                .map(p -> p.substring("io.docingest.".length()).split("\\.")[0]).distinct().sorted().toList();
        assertThat(named).as("layers name every package").containsAll(found.stream().filter(p -> !p.equals("local")).toList());
    }

    @Test
    void noPackageUsesOneAboveIt() {
        for (int layer = 0; layer < LAYERS.size(); layer++) {
            List<String> above = new ArrayList<>();
            LAYERS.subList(layer + 1, LAYERS.size()).forEach(names -> names.forEach(n -> above.add("io.docingest." + n + "..")));
            above.addAll(ENTRY_POINTS);
            for (String name : LAYERS.get(layer)) {
                List<String> forbidden = new ArrayList<>(above);
                // Packages on the same line are independent of each other too.
                LAYERS.get(layer).stream().filter(other -> !other.equals(name)).forEach(other -> forbidden.add("io.docingest." + other + ".."));
                noClasses().that().resideInAPackage("io.docingest." + name + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                        .because("ARCHITECTURE.md: a package uses only those below it")
                        .check(classes);
            }
        }
    }
}
