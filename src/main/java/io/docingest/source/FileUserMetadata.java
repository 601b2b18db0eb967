package io.docingest.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A local file's user metadata: its user extended attributes ({@code user.*} on Linux, set with
 * {@code setfattr -n user.processor-type -v english scan.pdf}), the counterpart of an S3 object's
 * {@code x-amz-meta-*}. Uploads kept in a folder carry their processor type this way, and an
 * integrator can tag files on a share the same way. A file system without them has none.
 */
public final class FileUserMetadata {

    private FileUserMetadata() {
    }

    /** Whether the file system under {@code path} keeps user extended attributes. */
    public static boolean isKept(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView(UserDefinedFileAttributeView.class);
    }

    /** Names in lower case, like the S3 SDK gives object metadata; empty where the file system keeps none. */
    public static Map<String, String> read(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (view == null || !isKept(file)) {
            return metadata;
        }
        for (String name : view.list()) {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            // A value written as a C string keeps its trailing NUL.
            String text = new String(value.array(), 0, value.position(), StandardCharsets.UTF_8).replace("\0", "");
            metadata.put(name.toLowerCase(Locale.ROOT), text);
        }
        return metadata;
    }

    public static void write(Path file, Map<String, String> metadata) throws IOException {
        if (metadata.isEmpty()) {
            return;
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            view.write(entry.getKey(), StandardCharsets.UTF_8.encode(entry.getValue()));
        }
    }
}
