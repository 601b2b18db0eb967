package io.docingest.extract;

import io.docingest.support.Fixtures;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Open handles are lent again only while their file is the one they opened. */
class PdfHandlesTest {

    @TempDir
    Path dir;

    @Test
    void aFileSavedAgainUnderItsNameIsReadAsItsNewVersion() throws Exception {
        Path file = dir.resolve("report.pdf");
        Files.write(file, Fixtures.bornDigitalPdf(List.of(List.of("First version"))));
        PdfHandles handles = new PdfHandles();
        PdfHandles.Handle first = handles.borrow(file);
        assertThat(text(first.pdf())).contains("First version");
        handles.giveBack(file, first);
        PdfHandles.Handle again = handles.borrow(file);
        assertThat(again).as("the same version: its open handle").isSameAs(first);
        handles.giveBack(file, again);

        // Replaced as a share's clients and the searchable copy do: a new file renamed over the name.
        Path saving = dir.resolve(".saving-report.pdf");
        Files.write(saving, Fixtures.bornDigitalPdf(List.of(List.of("Second version"), List.of("Its new page"))));
        Files.move(saving, file, StandardCopyOption.ATOMIC_MOVE);
        PdfHandles.Handle second = handles.borrow(file);
        assertThat(second.pdf().getNumberOfPages()).isEqualTo(2);
        assertThat(text(second.pdf())).contains("Second version");
        handles.giveBack(file, second);

        // Written again in place.
        Files.write(file, Fixtures.bornDigitalPdf(List.of(List.of("Third version"))));
        PdfHandles.Handle third = handles.borrow(file);
        assertThat(third.pdf().getNumberOfPages()).isEqualTo(1);
        assertThat(text(third.pdf())).contains("Third version");
        handles.closeAll(file);
    }

    private static String text(PDDocument pdf) throws Exception {
        return new PDFTextStripper().getText(pdf);
    }
}
