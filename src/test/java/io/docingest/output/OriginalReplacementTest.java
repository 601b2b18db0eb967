package io.docingest.output;

import io.docingest.document.BesideOriginal;
import io.docingest.document.FileEvent;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageText;
import io.docingest.document.SupersededException;
import io.docingest.source.FileUserMetadata;
import io.docingest.source.PolledFileEvents;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A share PDF replaced by its searchable copy: only the version read, only with something added, in one rename. */
class OriginalReplacementTest {

    @TempDir
    Path share;
    @TempDir
    Path work;

    private final OriginalReplacement replacement = new OriginalReplacement(new BesideOriginal(true, ".ocr", true));

    @Test
    void theCopyTakesTheOriginalsPlaceLeavingNothingElse() throws Exception {
        Path original = Files.writeString(share.resolve("report.pdf"), "the scan");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            replacement.replace(exchange(camel, original, "the searchable copy"));
        }
        assertThat(Files.readString(original)).isEqualTo("the searchable copy");
        assertThat(names()).containsExactly("report.pdf");
    }

    @Test
    void theCopyKeepsTheOriginalsAttributesAndPermissionsAndAnEarlierCopyBesideItGoes() throws Exception {
        Path original = Files.writeString(share.resolve("report.pdf"), "the scan");
        FileUserMetadata.write(original, Map.of("processor-type", "contracts", "department", "経理"));
        Files.setPosixFilePermissions(original, PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(share.resolve("report.ocr.pdf"), "a copy written beside it before originals were replaced");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            replacement.replace(exchange(camel, original, "the searchable copy"));
        }
        assertThat(Files.readString(original)).isEqualTo("the searchable copy");
        assertThat(FileUserMetadata.read(original)).containsEntry("processor-type", "contracts").containsEntry("department", "経理");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(original))).isEqualTo("rw-r-----");
        assertThat(names()).containsExactly("report.pdf");
    }

    @Test
    void anOriginalSavedAgainSinceItWasReadStaysAndThisVersionIsSuperseded() throws Exception {
        Path original = Files.writeString(share.resolve("report.pdf"), "the scan");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = exchange(camel, original, "the searchable copy");
            Files.writeString(original, "the scan, saved again by someone");
            assertThatThrownBy(() -> replacement.replace(exchange)).isInstanceOf(SupersededException.class)
                    .hasMessageContaining("changed since it was read");
        }
        assertThat(Files.readString(original)).isEqualTo("the scan, saved again by someone");
        assertThat(names()).containsExactly("report.pdf");
    }

    @Test
    void aCopyIsWrittenToReplaceAPdfOnlyWhenSomePageWasOcrd() throws Exception {
        Path pdf = Files.writeString(share.resolve("memo.pdf"), "born digital");
        Path tiff = Files.writeString(share.resolve("fax.tif"), "a fax");
        PageText layer = new PageText(1, "read from its text layer", PageText.TEXT_LAYER, -1, 1, null);
        PageText ocred = new PageText(2, "read by OCR", PageText.OCR, 90, 1, null);
        assertThat(replacement.copyWanted(document(pdf, List.of(layer)))).as("nothing to add to the PDF").isFalse();
        assertThat(replacement.copyWanted(document(pdf, List.of(layer, ocred)))).isTrue();
        assertThat(replacement.copyWanted(document(tiff, List.of(layer)))).as("an image's copy goes beside it").isTrue();
    }

    private Exchange exchange(DefaultCamelContext camel, Path original, String copy) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(IngestDocument.PROPERTY, document(original, List.of()));
        exchange.getMessage().setBody(Files.writeString(work.resolve("copy.pdf"), copy).toFile());
        return exchange;
    }

    private static IngestDocument document(Path file, List<PageText> pages) {
        FileEvent event = new FileEvent("nas", "nas/" + file.getFileName(), file.toFile().length(), PolledFileEvents.version(file),
                null, null, Instant.now(), "nas", file, false, false);
        IngestDocument doc = new IngestDocument(event, "id");
        doc.setPages(pages);
        return doc;
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(share)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
