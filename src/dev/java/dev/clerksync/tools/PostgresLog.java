package dev.clerksync.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Keeps the embedded PostgreSQL off the console: initdb's and the server's output go to a file
 * ({@code target/dev/postgres.log}), zonky's own INFO lines are dropped, and only what needs a
 * reader reaches the console: zonky's warnings and errors, the server's ERROR, FATAL and PANIC
 * lines (followed while the run lasts), and the end of the file when PostgreSQL fails to start.
 */
final class PostgresLog implements AutoCloseable {

    // Held here: java.util.logging keeps loggers weakly, and a collected one would forget its level.
    private static final Logger ZONKY = Logger.getLogger("io.zonky");
    private static final Pattern PROBLEM = Pattern.compile("\\b(ERROR|FATAL|PANIC):");
    private static final long POLL_MILLIS = 500;
    private static final int TAIL_LINES = 20;

    private final Path file;
    private final PrintStream console;
    private volatile boolean closed;
    private Thread follower;

    PostgresLog(Path file, PrintStream console) {
        this.file = file;
        this.console = console;
    }

    /** Starts afresh: an empty file, and zonky at WARNING. */
    static PostgresLog fresh(Path file, PrintStream console) throws IOException {
        ZONKY.setLevel(Level.WARNING);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        return new PostgresLog(file, console);
    }

    Path file() {
        return file;
    }

    /** Prints the file's last lines: what PostgreSQL said before it failed to start. */
    void printTail() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            console.println("[LocalRun] The last lines of " + file + ":");
            lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
                    .forEach(line -> console.println("[postgres] " + line));
        } catch (IOException e) {
            console.println("[LocalRun] Cannot read " + file + ": " + e);
        }
    }

    /** From now on, copies the server's problem lines to the console until closed. */
    void followProblems() {
        follower = new Thread(this::follow, "postgres-log");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            StringBuilder pending = new StringBuilder();
            while (!closed) {
                int read = reader.read(buffer);
                if (read < 0) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                pending.append(buffer, 0, read);
                for (int end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
                    printIfProblem(pending.substring(0, end));
                    pending.delete(0, end + 1);
                }
            }
        } catch (IOException e) {
            console.println("[LocalRun] Stopped following " + file + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void printIfProblem(String line) {
        if (PROBLEM.matcher(line).find()) {
            console.println("[postgres] " + line);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (follower != null) {
            follower.interrupt();
        }
    }
}
