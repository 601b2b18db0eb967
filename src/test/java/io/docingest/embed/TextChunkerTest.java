package io.docingest.embed;

import io.docingest.document.PageText;
import io.docingest.document.TextChunk;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextChunkerTest {

    @Test
    void everyCharacterOfALongTextLandsInSomeChunkWithItsPages() {
        String page1 = "あ".repeat(900) + "。";
        String page2 = "word ".repeat(300);
        List<PageText> pages = List.of(new PageText(1, page1, PageText.TEXT_LAYER, -1, 0, null),
                new PageText(2, page2.strip(), PageText.OCR, 90, 0, null));
        List<TextChunk> chunks = new TextChunker(500, 50).chunk(pages);

        assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(500));
        assertThat(chunks.get(0).firstPage()).isEqualTo(1);
        assertThat(chunks.get(chunks.size() - 1).lastPage()).isEqualTo(2);
        assertThat(chunks).anySatisfy(c -> assertThat(c.firstPage()).isEqualTo(1).isNotEqualTo(c.lastPage()));
        long joinedAs = chunks.stream().mapToLong(c -> c.text().chars().filter(ch -> ch == 'あ').count()).sum();
        assertThat(joinedAs).isGreaterThanOrEqualTo(900);
        assertThat(String.join("", chunks.stream().map(TextChunk::text).toList())).contains("word word");
    }

    @Test
    void blankPagesMakeNoChunks() {
        assertThat(new TextChunker(100, 10).chunk(List.of(new PageText(1, "  ", PageText.OCR, 0, 0, null)))).isEmpty();
    }
}
