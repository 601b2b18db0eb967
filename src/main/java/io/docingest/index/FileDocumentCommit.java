package io.docingest.index;

import io.docingest.document.IngestDocument;
import io.docingest.document.SupersededException;
import io.docingest.options.ProcessorTypes;
import io.docingest.status.StatusIndex;
import io.docingest.store.OptimisticWrites;
import io.docingest.store.OptimisticWrites.Stored;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the file document, the step that makes a version the indexed one (ARCHITECTURE.md,
 * "Versions and deletions"), only if no newer version of the key is indexed in any file index:
 * read, compare the versions, write on condition that nothing changed in between. Then, in this
 * order, so that two workers racing with two versions cannot both win: read again and step back
 * if a newer version or the key's deletion was written meanwhile; remove the copies in other file
 * indices (an older version, or this file under another processor type's index suffix); remove
 * the chunks of every other version.
 */
public class FileDocumentCommit {

    private static final int ATTEMPTS = 10;

    private final OptimisticWrites writes;
    private final StatusIndex status;
    private final ChunkVersions chunks;
    private final ProcessorTypes processorTypes;
    private final String fileIndex;

    public FileDocumentCommit(OptimisticWrites writes, StatusIndex status, ChunkVersions chunks, ProcessorTypes processorTypes,
                              String fileIndex) {
        this.writes = writes;
        this.status = status;
        this.chunks = chunks;
        this.processorTypes = processorTypes;
        this.fileIndex = fileIndex;
    }

    public void commit(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc, @Body Map<String, Object> file)
            throws IOException {
        String target = doc.getOptions().fileIndex(fileIndex);
        Set<String> indices = new TreeSet<>(processorTypes.fileIndices(fileIndex));
        indices.add(target);
        String id = doc.getFileId();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Stored> copies = writes.readAll(indices, id);
            requireNoNewer(doc, copies);
            Stored before = copies.stream().filter(copy -> copy.index().equals(target)).findFirst().orElse(null);
            if (!writes.write(target, id, file, before)) {
                continue;  // another worker wrote in between: read and decide again
            }
            List<Stored> after = writes.readAll(indices, id);
            Stored mine = after.stream().filter(copy -> copy.index().equals(target)).findFirst().orElse(null);
            Optional<Stored> newer = newerCopy(doc, after);
            if (newer.isPresent() || mine == null || status.isDeletedAfter(doc)) {
                if (mine != null) {
                    writes.delete(mine, id);
                }
                throw new SupersededException(doc, newer.map(FileDocumentCommit::reason)
                        .orElse(mine == null ? "the file document was removed as it was written" : doc.getSupersededBy()));
            }
            for (Stored other : after) {
                if (!other.index().equals(target)) {
                    writes.delete(other, id);
                }
            }
            String tag = doc.getEvent().versionTag();
            for (Stored replaced : copies) {
                if (!tag.equals(replaced.source().path("chunk_version").asText())) {
                    chunks.remove(id, replaced.source());
                }
            }
            chunks.keepOnly(id, tag);
            return;
        }
        throw new IndexingException("file document " + id + " kept changing under " + ATTEMPTS + " conditional writes", 409);
    }

    private static void requireNoNewer(IngestDocument doc, List<Stored> copies) {
        Optional<Stored> newer = newerCopy(doc, copies);
        if (newer.isPresent()) {
            throw new SupersededException(doc, reason(newer.get()));
        }
    }

    private static Optional<Stored> newerCopy(IngestDocument doc, List<Stored> copies) {
        return copies.stream().filter(copy -> doc.getEvent().isOlderThan(copy.source())).findFirst();
    }

    private static String reason(Stored newer) {
        return "a newer version is indexed (etag " + newer.source().path("etag").asText() + " in " + newer.index() + ")";
    }
}
