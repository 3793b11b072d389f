package dev.clerksync.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolWrappersTest {

    @TempDir
    Path directory;

    @Test
    void sendEventWrapperRunsTheCompiledProgram() throws Exception {
        ToolWrappers.write(directory);

        Result help = run(directory.resolve(ToolWrappers.SEND_EVENT), "--help");

        assertEquals(0, help.status, help.output);
        assertTrue(help.output.startsWith("Usage: target/dev/send-event user.created"), help.output);
    }

    @Test
    void devTokenWrapperRunsTheCompiledProgram() throws Exception {
        ToolWrappers.write(directory);

        Result help = run(directory.resolve(ToolWrappers.DEV_TOKEN), "--help");

        assertEquals(0, help.status, help.output);
        assertTrue(help.output.startsWith("Usage: target/dev/dev-token [user_…]"), help.output);
    }

    @Test
    void wrappersPassArgumentsThroughUnchanged() throws Exception {
        ToolWrappers.write(directory);

        Result refused = run(directory.resolve(ToolWrappers.SEND_EVENT), "user.created", "--id", "not a user id");

        assertEquals(2, refused.status, refused.output);
        assertTrue(refused.output.contains("--id must be a Clerk user id"), refused.output);
    }

    @Test
    void sendEventWrapperBuildsOrganizationEventsWithJsonP() throws Exception {
        ToolWrappers.write(directory);

        // Nothing listens on port 1: the event is built and signed, then the post fails to connect.
        Result unanswered = run(directory.resolve(ToolWrappers.SEND_EVENT), "organization.created", "--name", "Acme",
                "--url", "http://127.0.0.1:1/clerk-sync/webhooks/clerk", "--state-dir", directory.toString(),
                "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertEquals(1, unanswered.status, unanswered.output);
        assertTrue(unanswered.output.contains("Posting organization.created for org_"), unanswered.output);
        assertTrue(unanswered.output.contains("Nothing answers at"), unanswered.output);
    }

    @Test
    void quotesForTheShell() {
        assertEquals("'/a b/it'\\''s'", ToolWrappers.quote("/a b/it's"));
    }

    private static Result run(Path wrapper, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(wrapper.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the wrapper did not finish");
        return new Result(process.exitValue(), output);
    }

    private record Result(int status, String output) {
    }
}
