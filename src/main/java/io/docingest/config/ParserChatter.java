package io.docingest.config;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.core.filter.CompositeFilter;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;

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

    private final List<String> loggers;

    private ParserChatter(List<String> loggers) {
        super(Filter.Result.DENY, Filter.Result.NEUTRAL);
        this.loggers = loggers;
    }

    /**
     * Summarises {@code loggers} (names or prefixes). A context-wide filter, consulted before any
     * logger's level: commons-logging's own Log4j bridge (how PDFBox logs from the packaged jar)
     * passes logger filters by.
     */
    static void install(List<String> loggers) {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        Filter current = configuration.getFilter();
        boolean installed = current instanceof ParserChatter || current instanceof CompositeFilter composite
                && Arrays.stream(composite.getFiltersArray()).anyMatch(ParserChatter.class::isInstance);
        if (!installed && !loggers.isEmpty()) {  // once, however often a JVM starts the daemon (the tests start many)
            configuration.addFilter(new ParserChatter(List.copyOf(loggers)));
            context.updateLoggers();
        }
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String message, Object... parameters) {
        return count(logger, level, () -> ParameterizedMessage.format(message, parameters));
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Object message, Throwable thrown) {
        return count(logger, level, () -> String.valueOf(message));
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Message message, Throwable thrown) {
        return count(logger, level, () -> message == null ? "" : message.getFormattedMessage());
    }

    /** A parser's warning or error while a document is worked on (its file id in the logging context) is counted, not written. */
    private Result count(Logger logger, Level level, java.util.function.Supplier<String> message) {
        String fileId = ThreadContext.get("file.id");
        if (fileId == null || !level.isMoreSpecificThan(Level.WARN) || loggers.stream().noneMatch(logger.getName()::startsWith)) {
            return Result.NEUTRAL;
        }
        // Only documents in the pipeline: a thread a finished document passed through may still carry its id.
        boolean live = BY_FILE.computeIfPresent(fileId, (id, summary) -> summary.lines() == 0
                ? new Summary(1, logger.getName() + ": " + message.get())
                : new Summary(summary.lines() + 1, summary.first())) != null;
        return live ? Result.DENY : Result.NEUTRAL;
    }

    /** A document enters the pipeline: what the parsers say about it from now on is counted. */
    public static void open(String fileId) {
        BY_FILE.putIfAbsent(fileId, Summary.NONE);
    }

    /** What the parsers said about a document elsewhere (in an extractor process), added to its summary. */
    public static void add(String fileId, long lines, String first) {
        if (lines > 0) {
            BY_FILE.computeIfPresent(fileId, (id, summary) -> new Summary(summary.lines() + lines,
                    summary.first() == null ? first : summary.first()));
        }
    }

    /** The document's summary, forgotten once taken. */
    public static Summary take(String fileId) {
        Summary summary = fileId == null ? null : BY_FILE.remove(fileId);
        return summary == null ? Summary.NONE : summary;
    }
}
