package io.docingest.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FileUserMetadataTest {

    @TempDir
    Path dir;

    @Test
    void aFilesUserAttributesAreItsMetadataInLowerCaseWithoutATrailingNul() throws Exception {
        Path file = Files.writeString(dir.resolve("scan.pdf"), "%PDF");
        FileUserMetadata.write(file, Map.of("processor-type", "english"));
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write("Department", ByteBuffer.wrap("経理\0".getBytes(StandardCharsets.UTF_8)));

        assertThat(FileUserMetadata.read(file)).containsExactlyInAnyOrderEntriesOf(
                Map.of("processor-type", "english", "department", "経理"));
        assertThat(FileUserMetadata.read(Files.writeString(dir.resolve("plain.pdf"), "%PDF"))).isEmpty();
    }
}
