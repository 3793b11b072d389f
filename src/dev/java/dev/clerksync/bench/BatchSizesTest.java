package dev.clerksync.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark reads batch sizes off the WAR's delivery log lines, and copes without them. */
class BatchSizesTest {

    private static final String PREFIX = "09:29:37 INFO dev.clerksync.webhook.WebhookServlet - ";

    @TempDir
    Path directory;

    @Test
    void readsTheBatchOfTheRoundsDeliveriesFromTheOffsetOn() throws Exception {
        Path log = directory.resolve("clerk-sync.log");
        Files.writeString(log, line("msg_a", "batch=9 ") + "\n", StandardCharsets.UTF_8);
        long offset = BatchSizes.logEnd(log);
        Files.writeString(log, line("msg_a", "batch=1 ") + "\n" + line("msg_b", "batch=3 ") + "\n"
                + line("msg_c", "batch=40 ") + "\n" + line("msg_other", "batch=5 ") + "\n"
                + PREFIX + "clerk-sync stopped\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        BatchSizes sizes = BatchSizes.read(log, offset, Set.of("msg_a", "msg_b", "msg_c"));

        assertEquals(3, sizes.lines());
        assertArrayEquals(new int[] {1, 3, 40}, sizes.sizes());
        assertEquals("batch sizes: 3 of 3 lines  median 3  p90 40  max 40", sizes.summary());
        assertEquals("batch histogram:  1: 1  2-3: 1  4-7: 0  8-15: 0  16-31: 0  32-64: 1", sizes.histogram());
    }

    @Test
    void linesWithoutBatchAreNotReported() throws Exception {
        Path log = directory.resolve("clerk-sync.log");
        Files.writeString(log, line("msg_a", "") + "\n", StandardCharsets.UTF_8);

        BatchSizes sizes = BatchSizes.read(log, 0, Set.of("msg_a"));

        assertFalse(sizes.reported());
        assertEquals("batch sizes: not reported (1 delivery log lines, none with batch=)", sizes.summary());
    }

    private static String line(String svixId, String batch) {
        return PREFIX + "Webhook svix-id=" + svixId + " type=user.created object=user_2abc outcome=applied " + batch
                + "ms=3";
    }
}
