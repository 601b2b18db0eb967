package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.FileEvent;
import io.docingest.document.FileType;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageBatch;
import io.docingest.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Page batches: full at a long document's start, single pages at its end, a short one spread over every worker. */
class PagePlannerTest {

    @TempDir
    static Path dir;

    private static final Limits LIMITS = new Limits(1L << 30, 2000, 150_000_000L, 60_000, 3_600_000L);

    @Test
    void aLongDocumentStartsWithFullBatchesAndEndsInSinglePages() throws Exception {
        List<PageBatch> batches = plan(100, 4, 2);
        assertThat(batches.get(0)).isEqualTo(new PageBatch(1, 4));
        assertThat(batches).allMatch(batch -> batch.size() <= 4);
        assertThat(batches.subList(batches.size() - 4, batches.size())).allMatch(batch -> batch.size() == 1);
        assertContiguous(batches, 100);
        // Full batches for most of the document: the per-batch cost stays that of batch-size 4.
        assertThat(batches.stream().filter(batch -> batch.size() == 4).mapToInt(PageBatch::size).sum()).isGreaterThanOrEqualTo(80);
    }

    @Test
    void aShortDocumentIsSpreadOverTheWorkersRatherThanFillingOneBatch() throws Exception {
        List<PageBatch> batches = plan(4, 4, 2);
        assertThat(batches).hasSize(4);
        assertContiguous(batches, 4);
        assertThat(plan(6, 8, 3)).hasSize(6);
        assertThat(plan(3, 2, 1)).containsExactly(new PageBatch(1, 2), new PageBatch(3, 3));
    }

    private static void assertContiguous(List<PageBatch> batches, int pages) {
        List<Integer> covered = new ArrayList<>();
        batches.forEach(batch -> IntStream.rangeClosed(batch.firstPage(), batch.lastPage()).forEach(covered::add));
        assertThat(covered).containsExactlyElementsOf(IntStream.rangeClosed(1, pages).boxed().toList());
    }

    private static List<PageBatch> plan(int pages, int batchSize, int workers) throws Exception {
        List<List<String>> text = IntStream.rangeClosed(1, pages).mapToObj(p -> List.of("page " + p)).toList();
        Path pdf = Files.write(dir.resolve(pages + ".pdf"), Fixtures.bornDigitalPdf(text));
        IngestDocument doc = new IngestDocument(FileEvent.fromS3("b", pages + ".pdf", 1L, "e", null, null, null, "test"), "id");
        doc.setFile(pdf);
        doc.setType(FileType.PDF);
        List<PageBatch> batches = new ArrayList<>();
        new PagePlanner(batchSize, workers, LIMITS).plan(doc).forEachRemaining(batches::add);
        return batches;
    }
}
