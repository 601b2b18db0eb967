package io.docingest.ocr;

import io.docingest.document.PageWord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

/**
 * A word read on a copy of the page turned clockwise to stand it upright, put back where it lies
 * on the page as decoded: turning the box back must land on the same pixels.
 */
class WordBoxTurnTest {

    /** A box from 10% to 30% across and 40% to 45% down the turned copy. */
    private static final double U0 = 0.10;
    private static final double V0 = 0.40;
    private static final double U1 = 0.30;
    private static final double V1 = 0.45;

    @Test
    void aBoxReadUprightStaysWhereItIs() {
        PageWord word = TesseractHandle.unturned("w", U0, V0, U1, V1, 0, 0);
        assertThat(new double[]{word.x(), word.y(), word.width(), word.height()})
                .containsExactly(new double[]{0.10, 0.40, 0.20, 0.05}, offset(1e-12));
    }

    @Test
    void aBoxReadOnACopyTurnedAQuarterIsTurnedBack() {
        // Turned clockwise, a point (x, y) of the page goes to (1 - y, x) of the copy: back, x = v, y = 1 - u.
        PageWord word = TesseractHandle.unturned("w", U0, V0, U1, V1, 90, 90);
        assertThat(word.x()).isEqualTo(0.40);
        assertThat(word.y()).isCloseTo(0.70, within(1e-12));
        assertThat(word.width()).isCloseTo(0.05, within(1e-12));
        assertThat(word.height()).isCloseTo(0.20, within(1e-12));
    }

    @Test
    void halfAndThreeQuarterTurnsAreTurnedBackToo() {
        PageWord half = TesseractHandle.unturned("w", U0, V0, U1, V1, 180, 180);
        assertThat(new double[]{half.x(), half.y(), half.width(), half.height()})
                .containsExactly(new double[]{0.70, 0.55, 0.20, 0.05}, offset(1e-12));
        // Three quarters: a point (x, y) goes to (y, 1 - x) of the copy: back, x = 1 - v, y = u.
        PageWord three = TesseractHandle.unturned("w", U0, V0, U1, V1, 270, 270);
        assertThat(new double[]{three.x(), three.y(), three.width(), three.height()})
                .containsExactly(new double[]{0.55, 0.10, 0.05, 0.20}, offset(1e-12));
    }
}
