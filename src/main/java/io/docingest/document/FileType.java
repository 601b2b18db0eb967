package io.docingest.document;

/** What the pipeline can read, told apart by magic bytes, not by extension. */
public enum FileType {
    PDF, JPEG, PNG, TIFF, BMP, GIF, JPEG2000, UNSUPPORTED;

    public boolean isImage() {
        return this != PDF && this != UNSUPPORTED;
    }
}
