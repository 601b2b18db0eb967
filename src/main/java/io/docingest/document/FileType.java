package io.docingest.document;

/**
 * What the pipeline can read, told apart by magic bytes, not by extension. UNSUPPORTED has no
 * reader (DocuWorks, an unknown binary): it is indexed by name with the reason it has no text.
 * EMPTY, a zero-byte object (a folder marker, an upload not yet written), is skipped.
 */
public enum FileType {
    PDF, JPEG, PNG, TIFF, BMP, GIF, JPEG2000, UNSUPPORTED, EMPTY;

    public boolean isImage() {
        return this != PDF && this != UNSUPPORTED && this != EMPTY;
    }
}
