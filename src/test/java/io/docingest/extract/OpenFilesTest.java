package io.docingest.extract;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Which PDFs an extractor process keeps open while the batches of several documents interleave. */
class OpenFilesTest {

    private final List<Path> closed = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final OpenFiles open = new OpenFiles(closed::add, 2, 2000, now::get);

    @Test
    void interleavedDocumentsKeepTheirFilesOpen() {
        for (int batch = 0; batch < 6; batch++) {
            open.use(Path.of(batch % 2 == 0 ? "a.pdf" : "b.pdf"));
            now.addAndGet(100);
        }
        assertThat(closed).isEmpty();
    }

    @Test
    void aFileUnusedForTheIdleTimeIsClosedWhileTheOthersGoOn() {
        open.use(Path.of("done.pdf"));
        now.addAndGet(1500);
        open.use(Path.of("busy.pdf"));
        assertThat(closed).isEmpty();
        now.addAndGet(500);
        open.use(Path.of("busy.pdf"));
        assertThat(closed).containsExactly(Path.of("done.pdf"));
        now.addAndGet(2000);
        open.closeIdle();
        assertThat(closed).containsExactly(Path.of("done.pdf"), Path.of("busy.pdf"));
        assertThat(open.isEmpty()).isTrue();
    }

    @Test
    void beyondTheBoundTheLeastRecentlyUsedCloses() {
        open.use(Path.of("a.pdf"));
        open.use(Path.of("b.pdf"));
        open.use(Path.of("a.pdf"));
        open.use(Path.of("c.pdf"));
        assertThat(closed).containsExactly(Path.of("b.pdf"));
        open.closeAll();
        assertThat(closed).containsExactlyInAnyOrder(Path.of("b.pdf"), Path.of("a.pdf"), Path.of("c.pdf"));
    }
}
