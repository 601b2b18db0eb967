package io.docingest.document;

/**
 * A contiguous run of pages (1-based, inclusive) worked on as one unit by one page worker. It names
 * pages only, never holds them, so the splitter can stream batches of any document in flat memory;
 * the same shape can travel as a queue message when batches are fanned out across workers.
 */
public record PageBatch(int firstPage, int lastPage) {

    public int size() {
        return lastPage - firstPage + 1;
    }
}
