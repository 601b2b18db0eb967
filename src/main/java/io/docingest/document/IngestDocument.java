package io.docingest.document;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One document on its way through the pipeline, kept in the exchange property {@code doc} while the
 * message body carries each step's working payload. Steps fill it in order: fetch sets the file,
 * detect the type, extract the pages, thumbnail the URL, embed the chunks.
 */
public class IngestDocument {

    public static final String PROPERTY = "doc";
    /** The header that says why a document is skipped, set by the step that decided it. */
    public static final String SKIP_REASON = "ingestSkipReason";

    private final FileEvent event;
    private final String fileId;
    private final String keyId;
    private final long startedNanos = System.nanoTime();
    private Path file;
    private FileType type;
    private String format;
    private String mediaType;
    private int pageCount;
    private List<PageText> pages = List.of();
    private String thumbnailUrl;
    private Path wordBoxes;
    private String searchablePdfConformance;
    private String notPdfAReason;
    private boolean signedPdf;
    private byte[] thumbnail;
    private String supersededBy;
    private String replacedFileId;
    private JsonNode recordedStatus;
    private List<EmbeddedChunk> chunks = List.of();
    private Map<String, String> metadata = Map.of();
    private Map<String, Object> metadataFields = Map.of();
    private DocumentOptions options;
    private volatile Status outcome;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private String repaired;
    private String noReaderReason;
    private final AtomicInteger pagesDone = new AtomicInteger();
    private final AtomicInteger extractorCrashes = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<String> extractionFailure = new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicLong lastProgressNanos = new AtomicLong(startedNanos);

    public IngestDocument(FileEvent event, String fileId) {
        this.event = event;
        this.fileId = fileId;
        this.keyId = FileIds.fileId(event.key());
    }

    public FileEvent getEvent() { return event; }
    public long getStartedNanos() { return startedNanos; }
    /** The id of its file document, chunks and thumbnail: the MD5 of the key, or the id its message gave. */
    public String getFileId() { return fileId; }
    /** The MD5 of the key: the id of the key's status record, whatever the document's id. */
    public String getKeyId() { return keyId; }
    public Path getFile() { return file; }
    public void setFile(Path file) { this.file = file; }
    public FileType getType() { return type; }
    public void setType(FileType type) { this.type = type; }
    /** A DOCUMENT's format as file_type names it (docx, xls, eml, txt …); null for the other types. */
    public String getFormat() { return format; }
    public void setFormat(String format) { this.format = format; }
    /** A DOCUMENT's media type as detected (text/plain …): the parser is told it, since the spooled file has no name to go by. */
    public String getMediaType() { return mediaType; }
    public void setMediaType(String mediaType) { this.mediaType = mediaType; }
    /** What {@code file_type} says: a DOCUMENT's format (docx …), else the type's name (pdf, tiff …). */
    public String fileType() { return format != null ? format : type.name().toLowerCase(Locale.ROOT); }
    public int getPageCount() { return pageCount; }
    public void setPageCount(int pageCount) { this.pageCount = pageCount; }
    public List<PageText> getPages() { return pages; }
    public void setPages(List<PageText> pages) { this.pages = List.copyOf(pages); }
    /** The folder OCR writes each page's word boxes to, when the document's searchable PDF needs them; else null. */
    public Path getWordBoxes() { return wordBoxes; }
    public void setWordBoxes(Path folder) { this.wordBoxes = folder; }
    /** What the searchable copy conforms to (PDF/A-2b, or PDF when it could not be), when PDF/A was asked for; else null. */
    public String getSearchablePdfConformance() { return searchablePdfConformance; }
    public String getNotPdfAReason() { return notPdfAReason; }
    /** Whether the PDF carries a signature (known once its searchable copy is written). */
    public boolean isSignedPdf() { return signedPdf; }
    public void setSignedPdf(boolean signedPdf) { this.signedPdf = signedPdf; }
    public void setSearchablePdfConformance(String conformance, String notPdfAReason) {
        this.searchablePdfConformance = conformance;
        this.notPdfAReason = notPdfAReason;
    }
    public String getThumbnailUrl() { return thumbnailUrl; }
    public void setThumbnailUrl(String thumbnailUrl) { this.thumbnailUrl = thumbnailUrl; }
    /** The JPEG of page 1, stored once the file document is written (a superseded version stores none). */
    public byte[] getThumbnail() { return thumbnail; }
    public void setThumbnail(byte[] thumbnail) { this.thumbnail = thumbnail; }
    /** Why this version's work was dropped: a newer version or a deletion came first. */
    public String getSupersededBy() { return supersededBy; }
    public void setSupersededBy(String supersededBy) { this.supersededBy = supersededBy; }
    /** The id the key was indexed under before its message named another, or null: its documents go once this one is written. */
    public String getReplacedFileId() { return replacedFileId; }
    public void setReplacedFileId(String replacedFileId) { this.replacedFileId = replacedFileId; }
    /** The key's status record as it was read when the document started, or null when it had none. */
    public JsonNode getRecordedStatus() { return recordedStatus; }
    public void setRecordedStatus(JsonNode record) { this.recordedStatus = record; }
    /** The object's user metadata (S3 {@code x-amz-meta-*}), keys in lower case. */
    public Map<String, String> getMetadata() { return metadata; }
    public void setMetadata(Map<String, String> metadata) { this.metadata = Map.copyOf(metadata); }
    /** The fields clients filter on (department, project, tags …), written to the file and chunk documents. */
    public Map<String, Object> getMetadataFields() { return metadataFields; }
    public void setMetadataFields(Map<String, Object> fields) { this.metadataFields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); }
    /** True at most once per {@code intervalNanos}: whether progress is worth recording now. */
    public boolean progressDue(long intervalNanos) {
        long now = System.nanoTime();
        long last = lastProgressNanos.get();
        return now - last >= intervalNanos && lastProgressNanos.compareAndSet(last, now);
    }

    /** Pages finished so far, batches finishing in any order; returns the new total. */
    public int addPagesDone(int pages) { return pagesDone.addAndGet(pages); }
    /** How a damaged file was repaired to be read (a broken cross-reference table), or null. */
    public String getRepaired() { return repaired; }
    public void setRepaired(String repaired) { this.repaired = repaired; }
    /** An extractor process died reading it (not for time); returns how many have. */
    public int extractorCrashed() { return extractorCrashes.incrementAndGet(); }
    /** Why no more of its pages are read (it crashed its extractors too often), or null. */
    public String getExtractionFailure() { return extractionFailure.get(); }
    /** The first reason given stands: batches running in parallel may each find one. */
    public void failExtraction(String reason) { extractionFailure.compareAndSet(null, reason); }
    /** Work has started on it (past the key-prefix and already-indexed checks). */
    public boolean isStarted() { return started.get(); }
    /** True for the one call that starts it. */
    public boolean markStarted() { return started.compareAndSet(false, true); }
    /** indexed, skipped, failed or already indexed, once known. */
    public Status getOutcome() { return outcome; }
    public void setOutcome(Status outcome) { this.outcome = outcome; }
    public DocumentOptions getOptions() { return options; }
    public void setOptions(DocumentOptions options) { this.options = options; }
    /** Why the content cannot be read (no reader for its type); null when it can. */
    public String getNoReaderReason() { return noReaderReason; }
    public void setNoReaderReason(String reason) { this.noReaderReason = reason; }
    public List<EmbeddedChunk> getChunks() { return chunks; }
    public void setChunks(List<EmbeddedChunk> chunks) { this.chunks = List.copyOf(chunks); }

    /** The full text, pages in page order, separated by form feeds so page boundaries survive. */
    public String getContent() {
        StringBuilder text = new StringBuilder();
        for (PageText page : pages) {
            if (text.length() > 0) {
                text.append('\f');
            }
            text.append(page.text());
        }
        return text.toString();
    }
}
