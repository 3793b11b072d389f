package dev.clerksync.tools;

import com.svix.Webhook;
import jakarta.json.Json;
import jakarta.json.spi.JsonProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes {@code send-event} and {@code dev-token}: shell wrappers that run {@link SendEvent} and
 * {@link DevToken} from the classes the build compiled, so each starts in well under a second
 * instead of compiling its source first. DevToken depends on the JDK alone (so
 * {@code java …/DevToken.java} works too); SendEvent signs with the svix library and builds its
 * bodies with the fixtures' {@code ClerkEvents} on JSON-P, so the class path is the compiled classes
 * directory, the svix jar, and the JSON-P API and the provider this JVM found.
 */
final class ToolWrappers {

    static final String SEND_EVENT = "send-event";
    static final String DEV_TOKEN = "dev-token";
    // A short-lived command-line tool: the C1 compiler alone and the serial collector start fastest.
    private static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private ToolWrappers() {
    }

    /** Writes both wrappers into {@code directory}, for the running JDK and this class's class path; answers them. */
    static List<Path> write(Path directory) throws IOException {
        String classes = String.join(File.pathSeparator, locationOf(SendEvent.class).toString(),
                locationOf(Webhook.class).toString(), locationOf(Json.class).toString(),
                locationOf(JsonProvider.provider().getClass()).toString());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createDirectories(directory);
        return List.of(
                write(directory.resolve(SEND_EVENT), java, classes, SendEvent.class),
                write(directory.resolve(DEV_TOKEN), java, classes, DevToken.class));
    }

    private static Path locationOf(Class<?> type) throws IOException {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("Cannot locate " + type.getName(), e);
        }
    }

    private static Path write(Path file, Path java, String classes, Class<?> main) throws IOException {
        String script = "#!/bin/sh\n"
                + "# Written by the local run: " + main.getSimpleName() + " as the build compiled it (see "
                + main.getSimpleName() + ".java).\n"
                + "exec " + quote(java.toString()) + " " + JVM_OPTIONS + " -cp " + quote(classes) + " "
                + main.getName() + " \"$@\"\n";
        Files.deleteIfExists(file);
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A POSIX shell single-quoted word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
