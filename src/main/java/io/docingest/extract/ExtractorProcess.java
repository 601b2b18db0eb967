package io.docingest.extract;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One extractor process seen from the daemon: requests written to its stdin, replies read from
 * its stdout on a thread of their own (so the daemon can wait for them with a deadline), its
 * stderr relayed to the daemon's log, and, once it has died, why.
 */
final class ExtractorProcess implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ExtractorProcess.class);
    /** Put on the reply queue when stdout ends: the process has exited or is about to. */
    private static final ExtractorProtocol.Reply GONE = new ExtractorProtocol.Reply("gone", 0, null, 0, null, null, null, false);
    private static final int STDERR_LINES_KEPT = 20;

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<ExtractorProtocol.Reply> replies = new LinkedBlockingQueue<>();
    private final Deque<String> lastErrors = new ArrayDeque<>();
    private boolean stderrClosed;  // guarded by lastErrors

    private ExtractorProcess(Process process) {
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String name = "extractor-" + process.pid();
        daemonThread(name + "-out", () -> readReplies(process.getInputStream()));
        daemonThread(name + "-err", () -> relayErrors(process.getErrorStream()));
    }

    /**
     * Starts {@code command}, sends it {@code settings} and waits up to {@code startMillis} for it
     * to say it is ready; a process that dies first (no language data, a bad JVM option) fails
     * with the last lines it wrote.
     */
    static ExtractorProcess start(List<String> command, ExtractorProtocol.Settings settings, long startMillis)
            throws IOException, InterruptedException {
        ExtractorProcess extractor = new ExtractorProcess(new ProcessBuilder(command).start());
        extractor.send(settings);
        ExtractorProtocol.Reply ready = extractor.next(startMillis);
        if (ready == null || !ExtractorProtocol.Reply.READY.equals(ready.type())) {
            extractor.close();
            throw new IOException("an extractor process did not start"
                    + (ready == null ? " within " + startMillis + " ms" : ": " + extractor.deathReason())
                    + extractor.lastErrors());
        }
        return extractor;
    }

    long pid() {
        return process.pid();
    }

    void send(Object message) throws IOException {
        stdin.write(ExtractorProtocol.line(message));
        stdin.write('\n');
        stdin.flush();
    }

    /** The next reply, {@link #isGone gone} if the process ended, or null after {@code timeoutMillis}. */
    ExtractorProtocol.Reply next(long timeoutMillis) throws InterruptedException {
        return replies.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    static boolean isGone(ExtractorProtocol.Reply reply) {
        return reply == GONE;
    }

    /**
     * Why the process ended, in the words an operator searches for: "out of memory" (the JVM's
     * ExitOnOutOfMemoryError), a signal's name (SIGKILL from the kernel's OOM killer or a person,
     * SIGSEGV or SIGABRT from native code), or the exit status.
     */
    String deathReason() throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        // stderr is read to its end before the reason is: the dying words decide it.
        synchronized (lastErrors) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (!stderrClosed && until - System.nanoTime() > 0) {
                lastErrors.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            }
            if (lastErrors.stream().anyMatch(line -> line.contains("OutOfMemoryError"))) {
                return "out of memory";
            }
        }
        int status = process.exitValue();
        return status > 128 ? signalName(status - 128) : "exit status " + status;
    }

    /** The last lines the process wrote to stderr, for a message. */
    String lastErrors() {
        synchronized (lastErrors) {
            return lastErrors.isEmpty() ? "" : " (it said: " + String.join(" | ", lastErrors) + ")";
        }
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes stdin (the process's cue to exit) and kills it if it has not gone after {@code graceMillis}. */
    void stop(long graceMillis) throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        kill();
    }

    private void readReplies(InputStream out) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(ExtractorProtocol.MARK)) {
                    replies.add(ExtractorProtocol.read(line.substring(ExtractorProtocol.MARK.length()), ExtractorProtocol.Reply.class));
                } else if (!line.isBlank()) {
                    keep(line);
                    LOG.info("extractor {} printed: {}", process.pid(), line);
                }
            }
        } catch (IOException e) {
            // the pipe broke: the process is gone
        }
        replies.add(GONE);
    }

    /**
     * The child logs "LEVEL<tab>logger<tab>file id<tab>message" (log4j2-extractor.xml); each line
     * is logged again here under the child's logger, level and file id, so levels, the JSON format
     * and the per-document context apply as to the daemon's own lines.
     */
    private void relayErrors(InputStream err) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                keep(line);
                relay(line);
            }
        } catch (IOException e) {
            // the pipe broke: the process is gone
        }
        synchronized (lastErrors) {
            stderrClosed = true;
            lastErrors.notifyAll();
        }
    }

    private void keep(String line) {
        synchronized (lastErrors) {
            if (lastErrors.size() == STDERR_LINES_KEPT) {
                lastErrors.removeFirst();
            }
            lastErrors.addLast(line);
        }
    }

    private void relay(String line) {
        String[] parts = line.split("\t", 4);
        Optional<Level> level = parts.length == 4 ? Optional.ofNullable(Level.getLevel(parts[0])) : Optional.empty();
        if (level.isPresent()) {
            if (!parts[2].isEmpty()) {
                ThreadContext.put("file.id", parts[2]);
            }
            LogManager.getLogger(parts[1]).log(level.get(), "[extractor {}] {}", process.pid(), parts[3]);
            ThreadContext.remove("file.id");
        } else {
            LOG.warn("extractor {}: {}", process.pid(), line);  // the JVM's own words (out of memory, a crash report)
        }
    }

    private static void daemonThread(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
