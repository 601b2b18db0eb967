package io.docingest.source;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

import java.io.File;
import java.nio.file.Files;

/**
 * Which entries of the share the folder source may take: no symbolic link, file or folder,
 * unless {@code ingest.nas.follow-symlinks} says so. A link can point out of the share (to a
 * system file, to another share already indexed under its own path) or in a circle.
 */
public class NasFileFilter implements GenericFileFilter<File> {

    private final boolean followSymlinks;

    public NasFileFilter(boolean followSymlinks) {
        this.followSymlinks = followSymlinks;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return followSymlinks || !Files.isSymbolicLink(file.getFile().toPath());
    }
}
