package io.docingest.extract;

import io.docingest.document.PageText;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class PageOrderAggregationTest {

    @Test
    @SuppressWarnings("unchecked")
    void pagesComeOutInPageOrderWhateverOrderBatchesFinishIn() {
        CamelContext camel = new DefaultCamelContext();
        List<List<PageText>> batches = new ArrayList<>();
        for (int first = 1; first <= 40; first += 4) {
            List<PageText> batch = new ArrayList<>();
            for (int page = first; page < first + 4; page++) {
                batch.add(new PageText(page, "p" + page, PageText.OCR, 90, 1, null));
            }
            batches.add(batch);
        }
        Collections.shuffle(batches, new Random(7));

        PageOrderAggregation aggregation = new PageOrderAggregation();
        Exchange collected = null;
        for (List<PageText> batch : batches) {
            Exchange done = new DefaultExchange(camel);
            done.getMessage().setBody(batch);
            collected = aggregation.aggregate(collected, done);
        }

        TreeMap<Integer, PageText> pages = collected.getMessage().getBody(TreeMap.class);
        assertThat(pages.keySet()).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
    }
}
