package io.docingest.output;

import io.docingest.document.BesideOriginal;
import io.docingest.document.FileEvent;
import io.docingest.document.IngestDocument;
import io.docingest.options.ProcessorTypes;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A deleted object's outputs removed from where {@link OutputNaming} put them
 * (routes/pipeline/remove.yaml): {@code <prefix><key>.pdf} and {@code .json} in the output bucket
 * or folder, or beside the file on the share. Which of them the object had is not known any more
 * (its processor type went with it), so both names go where they exist; when no processor type
 * writes outputs, the route does not ask ({@link #anyToRemove}). Like {@link OutputCheck}, it knows aws2-s3 and file endpoints
 * (Camel's file producer cannot delete); outputs at another kind are left, and the log says so.
 * A removal that fails is transient: the deletion is redelivered.
 */
public class OutputRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(OutputRemoval.class);
    private static final List<String> EXTENSIONS = List.of(".pdf", ".json");

    private final ProcessorTypes processorTypes;
    private final String uri;
    private final OutputNaming naming;
    private final BesideOriginal beside;
    private final Path share;
    private final Supplier<S3Client> s3;

    public OutputRemoval(ProcessorTypes processorTypes, String uri, OutputNaming naming, BesideOriginal beside, Path share,
                         Supplier<S3Client> s3) {
        this.processorTypes = processorTypes;
        this.uri = uri;
        this.naming = naming;
        this.beside = beside;
        this.share = share;
        this.s3 = s3;
    }

    /** Whether a deleted object can have outputs at all: some processor type writes them. */
    public boolean anyToRemove() {
        return processorTypes.anyWritesOutputs();
    }

    public void remove(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        FileEvent event = doc.getEvent();
        if (beside.applies(event)) {
            for (String extension : EXTENSIONS) {
                Files.deleteIfExists(share.resolve(beside.name(event, extension)));
            }
        } else if (uri.startsWith("aws2-s3:")) {
            String bucket = OutputCheck.location(uri, "aws2-s3:");
            for (String extension : EXTENSIONS) {
                // S3 answers a delete of a key it does not have as one it has.
                s3.get().deleteObject(d -> d.bucket(bucket).key(naming.key(event, extension)));
            }
        } else if (uri.startsWith("file:")) {
            Path folder = Path.of(OutputCheck.location(uri, "file:"));
            for (String extension : EXTENSIONS) {
                Files.deleteIfExists(folder.resolve(naming.key(event, extension)));
            }
        } else {
            LOG.warn("{} was deleted; its outputs at {} are not removed: only aws2-s3 and file outputs are", event.key(), uri);
        }
    }
}
