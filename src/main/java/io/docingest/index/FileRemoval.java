package io.docingest.index;

import io.docingest.document.IngestDocument;
import io.docingest.document.Status;
import io.docingest.options.ProcessorTypes;
import io.docingest.store.OptimisticWrites;
import io.docingest.store.OptimisticWrites.Stored;
import io.docingest.thumbnail.ThumbnailRemover;
import org.apache.camel.ExchangeProperty;

import java.io.IOException;
import java.util.List;

/**
 * A deleted object's documents removed: its file document from every file index, unless a newer
 * version was indexed after the deletion (events arrive out of order); then its thumbnail, and the
 * chunks of every version but the one still indexed, if any.
 */
public class FileRemoval {

    private final OptimisticWrites writes;
    private final ChunkVersions chunks;
    private final ThumbnailRemover thumbnails;
    private final ProcessorTypes processorTypes;
    private final String fileIndex;

    public FileRemoval(OptimisticWrites writes, ChunkVersions chunks, ThumbnailRemover thumbnails,
                       ProcessorTypes processorTypes, String fileIndex) {
        this.writes = writes;
        this.chunks = chunks;
        this.thumbnails = thumbnails;
        this.processorTypes = processorTypes;
        this.fileIndex = fileIndex;
    }

    public void remove(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        String id = doc.getFileId();
        List<Stored> copies = writes.readAll(processorTypes.fileIndices(fileIndex), id);
        String kept = null;
        for (Stored copy : copies) {
            if (doc.getEvent().isOlderThan(copy.source())) {
                kept = copy.source().path("chunk_version").asText(null);
            } else if (writes.delete(copy, id)) {
                chunks.remove(id, copy.source());
                thumbnails.remove(copy.source().path("thumbnail_url").asText(null));
            }
        }
        if (kept == null) {
            chunks.removeAll(id);
        } else {
            chunks.keepOnly(id, kept);
            doc.setOutcome(Status.SUPERSEDED);
        }
    }

    /**
     * After a key is indexed under the id its message named: the documents it had under the id
     * recorded before go (file documents, chunks, thumbnail), unless another key holds that id now.
     */
    public void removeReplaced(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        String old = doc.getReplacedFileId();
        boolean othersKey = false;
        for (Stored copy : writes.readAll(processorTypes.fileIndices(fileIndex), old)) {
            if (!doc.getEvent().key().equals(copy.source().path("s3_key").asText())) {
                othersKey = true;
            } else if (writes.delete(copy, old)) {
                // By id first: the version indexed a moment ago has chunks a search cannot see yet.
                chunks.remove(old, copy.source());
                thumbnails.remove(copy.source().path("thumbnail_url").asText(null));
            }
        }
        if (!othersKey) {
            chunks.removeAll(old);
        }
    }
}
