package io.docingest.document;

/** What the pipeline can read, told apart by magic bytes, not by extension. */
public enum FileType {
    PDF, JPEG, PNG, TIFF, UNSUPPORTED;

    public boolean isImage() {
        return this == JPEG || this == PNG || this == TIFF;
    }
}
