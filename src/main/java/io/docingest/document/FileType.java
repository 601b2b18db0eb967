package io.docingest.document;

/**
 * What the pipeline can read, told apart by content, not by extension (an extension only names
 * which text or office format a container holds). DOCUMENT is a text, office or mail file read by
 * Apache Tika ({@link IngestDocument#getFormat()} says which). UNSUPPORTED has no reader
 * (DocuWorks, an unknown binary): it is indexed by name with the reason it has no text. EMPTY, a
 * zero-byte object (a folder marker, an upload not yet written), is skipped.
 */
public enum FileType {
    PDF, JPEG, PNG, TIFF, BMP, GIF, JPEG2000, DOCUMENT, UNSUPPORTED, EMPTY;

    public boolean isImage() {
        return switch (this) {
            case JPEG, PNG, TIFF, BMP, GIF, JPEG2000 -> true;
            default -> false;
        };
    }
}
