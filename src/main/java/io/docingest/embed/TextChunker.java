package io.docingest.embed;

import io.docingest.document.PageText;
import io.docingest.document.TextChunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a document's text into overlapping windows of at most {@code size} characters so that every
 * character is embedded (the original worker cut at 30,000 and dropped the rest). A window ends at
 * the last line break, sentence end or space in its final fifth when there is one, so words and
 * Japanese sentences are rarely split. Each chunk remembers the pages it covers.
 */
public class TextChunker {

    private static final String BREAKS = "\n\f。．.!?！？ 　";

    private final int size;
    private final int overlap;

    public TextChunker(int size, int overlap) {
        if (size < 1 || overlap < 0 || overlap >= size) {
            throw new IllegalArgumentException("need 0 <= ingest.embedding.chunk-overlap < chunk-size, got "
                    + overlap + " and " + size);
        }
        this.size = size;
        this.overlap = overlap;
    }

    public List<TextChunk> chunk(List<PageText> pages) {
        StringBuilder text = new StringBuilder();
        List<int[]> pageStarts = new ArrayList<>();  // {offset, page}
        for (PageText page : pages) {
            if (page.text().isBlank()) {
                continue;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            pageStarts.add(new int[]{text.length(), page.page()});
            text.append(page.text());
        }
        List<TextChunk> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + size);
            if (end < text.length()) {
                end = breakBefore(text, start + size * 4 / 5, end);
            }
            String piece = text.substring(start, end).strip();
            if (!piece.isEmpty()) {
                chunks.add(new TextChunk(chunks.size(), piece, pageAt(pageStarts, start), pageAt(pageStarts, end - 1)));
            }
            if (end == text.length()) {
                break;
            }
            start = Math.max(start + 1, end - overlap);
        }
        return chunks;
    }

    private static int breakBefore(CharSequence text, int from, int end) {
        for (int i = end - 1; i >= from; i--) {
            if (BREAKS.indexOf(text.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return end;
    }

    private static int pageAt(List<int[]> pageStarts, int offset) {
        int page = pageStarts.get(0)[1];
        for (int[] start : pageStarts) {
            if (start[0] > offset) {
                break;
            }
            page = start[1];
        }
        return page;
    }
}
