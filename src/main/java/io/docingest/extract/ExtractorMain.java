package io.docingest.extract;

import io.docingest.config.LogSetup;
import io.docingest.config.ParserChatter;
import io.docingest.ocr.TesseractPool;
import org.apache.logging.log4j.ThreadContext;
import sun.misc.Signal;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An extractor process: the daemon starts a few ({@link ExtractorProcesses}) and sends each page
 * batches to read, one at a time, so a native fault, a runaway page or an exhausted heap ends this
 * process and not the daemon. Reads {@link ExtractorProtocol} lines from stdin and answers on
 * stdout; its own log lines go to stderr, which the daemon relays. Exits when stdin closes.
 */
public final class ExtractorMain {

    /** A PDF with no batch this long is closed (its document is likely done, its file deleted). */
    private static final long IDLE_CLOSE_MS = 2000;
    /** PDFs kept open at once, one per document in flight on the page workers at most. */
    private static final int MAX_OPEN_FILES = 8;
    /** Put on the queue when stdin ends; compared by identity, so a blank line read is not it. */
    private static final String END = new String("");

    private ExtractorMain() {
    }

    public static void main(String[] args) throws Exception {
        // Ctrl-C in a terminal and systemd's stop signal reach the whole process group; the daemon
        // drains its in-flight batches first and then closes our stdin, which is how we stop.
        Signal.handle(new Signal("INT"), signal -> { });
        Signal.handle(new Signal("TERM"), signal -> { });
        PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);  // whatever a library prints is not a reply

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ExtractorProtocol.Settings settings = ExtractorProtocol.read(stdin.readLine(), ExtractorProtocol.Settings.class);
        Properties logging = new Properties();
        logging.putAll(settings.logging());
        LogSetup.apply(logging);
        TesseractPool tesseract = new TesseractPool(settings.ocr(), 1);
        tesseract.start();
        PdfHandles handles = new PdfHandles();
        PageBatchExtractor extractor = new PageBatchExtractor(tesseract, handles, settings.textLayerMinChars(),
                settings.dpi(), settings.codesDpi(), settings.limits());
        SearchablePdfWriter writer = new SearchablePdfWriter(Path.of(settings.outputFont()), settings.dpi(), settings.limits(),
                settings.outputPdfA());
        BlockingQueue<String> requests = readInBackground(stdin);
        reply(replies, ExtractorProtocol.Reply.ready());

        OpenFiles open = new OpenFiles(handles::closeAll, MAX_OPEN_FILES, IDLE_CLOSE_MS, () -> System.nanoTime() / 1_000_000);
        while (true) {
            String line = open.isEmpty() ? requests.take() : requests.poll(IDLE_CLOSE_MS, TimeUnit.MILLISECONDS);
            if (line == END) {
                open.closeAll();
                break;
            }
            if (line == null) {
                open.closeIdle();
                continue;
            }
            ExtractorProtocol.Request request = ExtractorProtocol.read(line, ExtractorProtocol.Request.class);
            Path file = Path.of(request.file());
            open.use(file);
            ThreadContext.put("file.id", request.fileId());
            if (request.out() != null) {
                reply(replies, write(writer, request, file));
                ThreadContext.remove("file.id");
                continue;
            }
            ParserChatter.open(request.fileId());
            extractor.extract(new BatchRequest(file, request.type(), request.mediaType(), request.batch(), request.options(),
                            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.remainingMillis()),
                            request.wordBoxes() == null ? null : Path.of(request.wordBoxes())),
                    page -> reply(replies, ExtractorProtocol.Reply.start(page)),
                    page -> reply(replies, ExtractorProtocol.Reply.page(page)));
            ParserChatter.Summary chatter = ParserChatter.take(request.fileId());
            ThreadContext.remove("file.id");
            reply(replies, ExtractorProtocol.Reply.done(chatter.lines(), chatter.first()));
        }
        tesseract.stop();
    }

    private static ExtractorProtocol.Reply write(SearchablePdfWriter writer, ExtractorProtocol.Request request, Path file) {
        try {
            return ExtractorProtocol.Reply.written(writer.write(file, request.type(), request.pageCount(),
                    request.ocred(), Path.of(request.wordBoxes()), Path.of(request.out())));
        } catch (Exception e) {
            return ExtractorProtocol.Reply.notWritten(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void reply(PrintStream replies, ExtractorProtocol.Reply reply) {
        replies.println(ExtractorProtocol.MARK + ExtractorProtocol.line(reply));
    }

    /** stdin read on a thread of its own, so the main loop can notice a pause and close idle PDFs. */
    private static BlockingQueue<String> readInBackground(BufferedReader stdin) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the daemon is gone: stop as if it had closed stdin
            }
            lines.add(END);
        }, "stdin");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
