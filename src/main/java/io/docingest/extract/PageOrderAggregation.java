package io.docingest.extract;

import io.docingest.document.PageText;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.TreeMap;

/**
 * Joins the page batches of one document. Parallel batches complete in any order; keying pages by
 * number in a sorted map restores page order whatever the completion order. Stateless itself (the
 * map travels in the aggregated exchange), so one instance serves every document.
 */
public class PageOrderAggregation implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange collected, Exchange batch) {
        Exchange target = collected == null ? batch : collected;
        TreeMap<Integer, PageText> pages = collected == null
                ? new TreeMap<>() : collected.getMessage().getBody(TreeMap.class);
        for (PageText page : (List<PageText>) batch.getMessage().getBody(List.class)) {
            pages.put(page.page(), page);
        }
        target.getMessage().setBody(pages);
        return target;
    }
}
