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

    /** Names in lower case, like the S3 SDK gives object metadata; empty where the file system keeps none. */
    public static Map<String, String> read(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (view == null || !Files.getFileStore(file).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
            return metadata;
        }
        for (String name : view.list()) {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            metadata.put(name.toLowerCase(Locale.ROOT), new String(value.array(), 0, value.position(), StandardCharsets.UTF_8));
        }
        return metadata;
    }

    public static void write(Path file, Map<String, String> metadata) throws IOException {
        if (metadata.isEmpty()) {
            return;
        }
        if (!Files.getFileStore(file).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
            throw new IOException("the file system under " + file.getParent() + " keeps no user extended attributes: "
                    + "cannot record " + metadata.keySet());
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            view.write(entry.getKey(), StandardCharsets.UTF_8.encode(entry.getValue()));
        }
    }
}
