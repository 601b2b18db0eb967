package io.docingest.config;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.core.filter.CompositeFilter;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Third-party parsers (PDFBox, FontBox, the image decoders) warn once per glyph or object: a
 * 1,000-page manual wrote 444,000 lines. Their warnings and errors about a document are counted
 * here instead of written, and the pipeline says them once per document ({@link #take}). A line
 * not about a document (no file id in its logging context) is written as usual.
 */
public final class ParserChatter extends AbstractFilter {

    private static final Map<String, Summary> BY_FILE = new ConcurrentHashMap<>();

    /** What the parsers said about one document: how often, and the first thing they said. */
    public record Summary(long lines, String first) {
        public static final Summary NONE = new Summary(0, null);
    }

    private ParserChatter() {
        super(Filter.Result.DENY, Filter.Result.NEUTRAL);
    }

    /** Summarises {@code loggers} (names or prefixes), whatever level they are set to. */
    static void install(List<String> loggers) {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        for (String name : loggers) {
            LoggerConfig logger = configuration.getLoggerConfig(name);
            if (!logger.getName().equals(name)) {
                logger = new LoggerConfig(name, Level.WARN, true);
                configuration.addLogger(name, logger);
            }
            if (!summarises(logger.getFilter())) {
                logger.addFilter(new ParserChatter());
            }
        }
        context.updateLoggers();
    }

    /** Installed once per logger, however often a JVM starts the daemon (the tests start many). */
    private static boolean summarises(Filter filter) {
        return filter instanceof ParserChatter || filter instanceof CompositeFilter composite
                && Arrays.stream(composite.getFiltersArray()).anyMatch(ParserChatter.class::isInstance);
    }

    @Override
    public Result filter(LogEvent event) {
        String fileId = event.getContextData().getValue("file.id");
        if (fileId == null) {
            return Result.NEUTRAL;
        }
        BY_FILE.compute(fileId, (id, summary) -> summary == null
                ? new Summary(1, event.getLoggerName() + ": " + event.getMessage().getFormattedMessage())
                : new Summary(summary.lines() + 1, summary.first()));
        return Result.DENY;
    }

    /** The document's summary, forgotten once taken. */
    public static Summary take(String fileId) {
        Summary summary = BY_FILE.remove(fileId);
        return summary == null ? Summary.NONE : summary;
    }
}
