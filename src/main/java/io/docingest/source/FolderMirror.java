package io.docingest.source;

import io.docingest.document.FileEvent;
import io.docingest.status.StatusIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the files a folder source took that are gone from its share, as deletion events: the
 * keys the status index holds for the source, compared with the files there now. Camel's file
 * consumer only sees files that exist, so the comparison is written here.
 *
 * <p>A share that is not there, or holds nothing at all, is taken for an unmounted share, never
 * for every file deleted; and more vanished files than {@code maxDeletions} in one sweep are left
 * for a person to confirm (by raising the limit), as a rename of a top folder would look.
 */
public class FolderMirror {

    private static final Logger LOG = LoggerFactory.getLogger(FolderMirror.class);

    private final StatusIndex status;
    private final Path root;
    private final int maxDeletions;

    public FolderMirror(StatusIndex status, Path root, int maxDeletions) {
        this.status = status;
        this.root = root;
        this.maxDeletions = maxDeletions;
    }

    public List<FileEvent> vanished(String source) throws IOException {
        if (!Files.isDirectory(root) || isEmpty(root)) {
            LOG.warn("{} is missing or empty: taken for an unmounted share, no deletion mirrored", root);
            return List.of();
        }
        String prefix = source + "/";
        List<FileEvent> gone = new ArrayList<>();
        for (String key : status.keysOf(source)) {
            if (key.startsWith(prefix) && !Files.exists(root.resolve(key.substring(prefix.length())), LinkOption.NOFOLLOW_LINKS)) {
                gone.add(FileEvent.deletedFromFolder(source, key, Instant.now()));
            }
        }
        if (gone.size() > maxDeletions) {
            LOG.error("{} files recorded for {} are gone from {}, more than ingest.nas.mirror.max-deletions ({}): none "
                    + "removed; raise the limit if they were deleted on purpose", gone.size(), source, root, maxDeletions);
            return List.of();
        }
        return gone;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
