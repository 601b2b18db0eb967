package io.docingest.extract;

import io.docingest.support.Fixtures;
import io.docingest.support.Fixtures.PageSpec;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScannedPageImageTest {

    @Test
    void aScannedPageIsOneGreyImageDecodedWithoutRenderingAndATextPageIsNot() throws Exception {
        byte[] pdf = Fixtures.pdf(List.of(PageSpec.scan("見積書", "Scanned page"), PageSpec.text("第一条", "A text page")));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            var scan = ScannedPageImage.soleImage(doc.getPage(0));
            assertThat(scan).isPresent();
            BufferedImage raw = ScannedPageImage.stored(scan.get());
            assertThat(raw.getType()).as("grey stays grey: no 32-bit RGB copy").isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
            assertThat(ScannedPageImage.soleImage(doc.getPage(1))).isEmpty();
        }
    }
}
