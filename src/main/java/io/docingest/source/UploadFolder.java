package io.docingest.source;

import io.docingest.document.BesideOriginal;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The upload store in local mode: a folder inside the one the NAS source polls, so an upload is
 * taken, and survives a restart, like any file dropped there. Its processor type travels as the
 * file's extended attributes ({@link FileUserMetadata}), as object metadata does in S3.
 */
public class UploadFolder {

    /** File systems allow 255 bytes; the hidden name it is written under first adds 11. */
    private static final int MAX_NAME_BYTES = 240;

    private final Path folder;
    private final Path sourceRoot;
    private final Pattern include;
    private final Pattern exclude;
    private final BesideOriginal outputs;

    /**
     * @param folder     where uploads are kept, under {@code sourceRoot}
     * @param sourceRoot the folder the source polls, which names the uploads' keys
     * @param include    the source's include pattern: a name it would never take is refused here
     * @param exclude    the source's exclude pattern
     * @param outputs    the names of outputs kept beside their originals, which the source never takes either
     */
    public UploadFolder(Path folder, Path sourceRoot, String include, String exclude, BesideOriginal outputs) {
        this.folder = folder.toAbsolutePath().normalize();
        this.sourceRoot = sourceRoot.toAbsolutePath().normalize();
        if (!this.folder.startsWith(this.sourceRoot)) {
            throw new IllegalArgumentException("configuration key 'ingest.upload.folder' must name a folder inside ingest.nas.dir");
        }
        this.include = Pattern.compile(include);
        this.exclude = Pattern.compile(exclude);
        this.outputs = outputs;
    }

    /**
     * Written under a hidden name (which the source excludes), tagged with its metadata, then
     * renamed in one step. Hand-written rather than Camel's file producer, which renames its temp
     * file itself, with no step between in which to tag it before the source can see it.
     */
    @SuppressWarnings("unchecked")
    public void store(Exchange exchange, String source) throws IOException {
        Message in = exchange.getMessage();
        String name = in.getHeader(Exchange.FILE_NAME, String.class);
        // Stored, it would wait for ever: the folder source never takes such a name (Camel's file
        // component skips hidden names whatever the patterns say).
        if (name.startsWith(".") || !include.matcher(name).matches() || exclude.matcher(name).matches() || outputs.isOutput(name)) {
            throw new IllegalArgumentException("the folder source does not take files named '" + name
                    + "' (ingest.nas.include: " + include + ", ingest.nas.exclude: " + exclude
                    + ", nor hidden names, nor outputs named as beside their originals)");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("the file name is over " + MAX_NAME_BYTES + " bytes");
        }
        Map<String, String> metadata = exchange.getProperty(Uploads.METADATA, Map.class);
        Path directory = Files.createDirectories(folder.resolve(UUID.randomUUID().toString()));
        Path file = directory.resolve(name);
        Path partial = file.resolveSibling("." + name + ".uploading");
        try (InputStream content = in.getBody(InputStream.class)) {
            if (!metadata.isEmpty() && !FileUserMetadata.isKept(directory)) {
                throw new IllegalArgumentException("this daemon's upload folder keeps no file metadata, so a processor "
                        + "type cannot be kept with the file: upload without one");
            }
            Files.copy(content, partial);
            FileUserMetadata.write(partial, metadata);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(directory);
            throw e;
        }
        String relative = sourceRoot.relativize(file).toString().replace(File.separatorChar, '/');
        exchange.setProperty(Uploads.EVENT, PolledFileEvents.event(source, relative, file));
    }
}
