package io.docingest.output;

import io.docingest.document.BesideOriginal;
import io.docingest.document.FileEvent;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageText;
import io.docingest.document.SupersededException;
import io.docingest.source.FileUserMetadata;
import io.docingest.source.PolledFileEvents;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * A share PDF's searchable copy written over the PDF itself ({@code ingest.nas.replace-originals}).
 * Only a copy that adds something is written: when no page was OCR'd in this reading (a
 * born-digital PDF, or the copy itself read again as the new version its replacement made, whose
 * pages carry this pipeline's mark) the original stays as it is, so a replacement is never
 * replaced again. The copy goes under a hidden temporary name beside the original, takes the
 * original's user attributes (its processor type and metadata), permissions and, where the
 * daemon may, owner and group, and is then renamed over it in one step (rename(2): the share
 * never shows the name missing or half written); Camel's file producer deletes the target before
 * renaming, which would. The original must still be the version that was read: one saved again
 * meanwhile is newer work than this copy, so this version is superseded and the newer one is
 * read as its own. (A save in the instant between that check and the rename is lost to the copy;
 * a share offers no rename on condition.)
 */
public class OriginalReplacement {

    private static final Logger LOG = LoggerFactory.getLogger(OriginalReplacement.class);
    private static final String WRITING = ".writing-";

    private final BesideOriginal beside;

    public OriginalReplacement(BesideOriginal beside) {
        this.beside = beside;
    }

    /** Whether to write the searchable copy: always, unless it would replace its original with nothing added. */
    public boolean copyWanted(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        return !beside.replaces(doc, ".pdf") || doc.getPages().stream().anyMatch(page -> PageText.OCR.equals(page.source()));
    }

    /**
     * Renames the copy (the body, a file) over the original, if that is still the version read;
     * an earlier copy beside it ({@code outputs-beside} before {@code replace-originals}) goes.
     */
    public void replace(Exchange exchange) throws IOException, InvalidPayloadException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        FileEvent event = doc.getEvent();
        Path original = event.localPath();
        Path writing = original.resolveSibling(WRITING + original.getFileName());
        requireAsRead(doc, original);
        try {
            Files.copy(exchange.getMessage().getMandatoryBody(File.class).toPath(), writing, StandardCopyOption.REPLACE_EXISTING);
            FileUserMetadata.write(writing, FileUserMetadata.read(original));
            keepOwnershipAndPermissions(original, writing);
            requireAsRead(doc, original);
            Files.move(writing, original, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(writing);
        }
        Files.deleteIfExists(original.resolveSibling(Path.of(beside.name(event, ".pdf")).getFileName()));
    }

    private static void requireAsRead(IngestDocument doc, Path original) {
        String now = Files.exists(original) ? PolledFileEvents.version(original) : "gone";
        if (!now.equals(doc.getEvent().etag())) {
            throw new SupersededException(doc, "the file on the share changed since it was read (" + doc.getEvent().etag() + ", now "
                    + now + "): its searchable copy does not replace it");
        }
    }

    private static void keepOwnershipAndPermissions(Path original, Path copy) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(copy, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        PosixFileAttributes was = Files.readAttributes(original, PosixFileAttributes.class);
        view.setPermissions(was.permissions());
        PosixFileAttributes is = view.readAttributes();
        try {
            if (!is.group().equals(was.group())) {
                view.setGroup(was.group());
            }
            if (!is.owner().equals(was.owner())) {
                view.setOwner(was.owner());
            }
        } catch (FileSystemException e) {
            // Only root gives a file away: the copy is then the daemon user's, with the original's permissions.
            LOG.warn("{} is replaced by its searchable copy owned by the daemon's user, not {}: {}", original, was.owner(),
                    e.getMessage());
        }
    }
}
