package io.docingest.detect;

import io.docingest.document.FileType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileTypeDetectorTest {

    @Test
    void magicBytesNotExtensionsDecide() {
        assertThat(FileTypeDetector.typeOf("%PDF-1.7\n".getBytes())).isEqualTo(FileType.PDF);
        assertThat(FileTypeDetector.typeOf(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).isEqualTo(FileType.JPEG);
        assertThat(FileTypeDetector.typeOf(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})).isEqualTo(FileType.PNG);
        assertThat(FileTypeDetector.typeOf(new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0})).isEqualTo(FileType.TIFF);
        assertThat(FileTypeDetector.typeOf(new byte[]{'M', 'M', 0, 42, 0, 0, 0, 8})).isEqualTo(FileType.TIFF);
        assertThat(FileTypeDetector.typeOf("hello, a text file named .pdf".getBytes())).isEqualTo(FileType.UNSUPPORTED);
        assertThat(FileTypeDetector.typeOf(new byte[0])).isEqualTo(FileType.EMPTY);
    }
}
