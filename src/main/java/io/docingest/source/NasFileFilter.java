package io.docingest.source;

import io.docingest.document.BesideOriginal;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

import java.io.File;
import java.nio.file.Files;

/**
 * Which entries of the share the folder source may take: no symbolic link, file or folder,
 * unless {@code ingest.nas.follow-symlinks} says so (a link can point out of the share, to a
 * system file, to another share already indexed under its own path, or in a circle), and none of
 * the pipeline's own outputs written beside their originals (they would be read as new files).
 */
public class NasFileFilter implements GenericFileFilter<File> {

    private final boolean followSymlinks;
    private final BesideOriginal outputs;

    public NasFileFilter(boolean followSymlinks, BesideOriginal outputs) {
        this.followSymlinks = followSymlinks;
        this.outputs = outputs;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return (followSymlinks || !Files.isSymbolicLink(file.getFile().toPath()))
                && (file.isDirectory() || !outputs.isOutput(file.getFileNameOnly()));
    }
}
