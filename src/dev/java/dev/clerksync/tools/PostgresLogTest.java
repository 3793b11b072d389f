package dev.clerksync.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresLogTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-11-25 12:00:00.000 UTC [42] LOG:  database system is ready to accept connections | false",
        "2026-11-25 12:00:00.000 UTC [42] LOG:  checkpoint starting: time                     | false",
        "The files belonging to this database system will be owned by user \"postgres\".        | false",
        "2026-11-25 12:00:00.000 UTC [42] ERROR:  relation \"users\" does not exist             | true",
        "2026-11-25 12:00:00.000 UTC [42] FATAL:  could not create shared memory segment       | true",
        "2026-11-25 12:00:00.000 UTC [42] PANIC:  could not write to file                      | true",
    })
    void onlyTheServersProblemsReachTheConsole(String line, boolean shown) throws Exception {
        PostgresLog log = PostgresLog.fresh(directory.resolve("postgres.log"), printStream());

        log.printIfProblem(line);

        assertEquals(shown, text().contains(line), text());
    }

    @Test
    void problemsWrittenWhileTheRunLastsAreFollowed() throws Exception {
        Path file = directory.resolve("postgres.log");
        try (PostgresLog log = PostgresLog.fresh(file, printStream())) {
            log.followProblems();
            Files.writeString(file, "x LOG:  ready\nx FATAL:  the disk is full\n", StandardCharsets.UTF_8);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!text().contains("the disk is full") && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
        }
        assertEquals("[postgres] x FATAL:  the disk is full\n", text());
    }

    @Test
    void aFailedStartShowsTheEndOfTheLog() throws Exception {
        Path file = directory.resolve("postgres.log");
        PostgresLog log = PostgresLog.fresh(file, printStream());
        Files.writeString(file, "line 1\n".repeat(30) + "initdb: error: could not create directory\n");

        log.printTail();

        assertTrue(text().contains("[postgres] initdb: error: could not create directory"), text());
        assertEquals(20, text().lines().filter(line -> line.startsWith("[postgres] ")).count(), text());
    }

    private PrintStream printStream() {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }

    private String text() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
