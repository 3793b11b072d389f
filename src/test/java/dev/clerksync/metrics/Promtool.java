package dev.clerksync.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker, {@code promtool} from Debian's {@code prometheus} package (which
 * {@code .ci/run} installs). Missing, it fails the test: the rules would otherwise go unchecked.
 */
final class Promtool {

    private static final long TIMEOUT_SECONDS = 60;

    private Promtool() {
    }

    /** What one run printed (stdout and stderr together) and how it exited. */
    record Run(int exitCode, String output) {
    }

    static Run run(String... arguments) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("promtool is not on the PATH (" + e.getMessage() + "): install Debian's prometheus package,"
                    + " apt-get install --no-install-recommends prometheus, as .ci/run does");
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "promtool did not end: " + command);
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            return fail("reading promtool's output failed: " + e);
        } finally {
            process.destroyForcibly();
        }
    }
}
