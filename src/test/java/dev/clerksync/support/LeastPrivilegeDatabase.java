package dev.clerksync.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A database and its two roles made by {@code tomcat-config/create-database.sql}, run by the real
 * psql as an operator runs it, as the test server's admin: an owner that migrates and a runtime role
 * that may only read and write rows. Names carry a random suffix, since roles are the whole
 * server's and a server named by {@code TEST_DATABASE_URL} outlives the run.
 */
public final class LeastPrivilegeDatabase {

    private static final Path SCRIPT = Path.of("tomcat-config/create-database.sql");
    private static final long PSQL_TIMEOUT_SECONDS = 60;

    private final TestDatabase database;
    private final String owner;
    private final String ownerPassword;
    private final String runtime;
    private final String runtimePassword;

    private LeastPrivilegeDatabase(TestDatabase database, String owner, String ownerPassword, String runtime,
            String runtimePassword) {
        this.database = database;
        this.owner = owner;
        this.ownerPassword = ownerPassword;
        this.runtime = runtime;
        this.runtimePassword = runtimePassword;
    }

    /** Runs the script on {@code server}'s cluster for a new database whose tables go to {@code schema}. */
    public static LeastPrivilegeDatabase create(TestDatabase server, String schema) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String name = "clerk_sync_" + suffix;
        String owner = "clerk_sync_owner_" + suffix;
        String runtime = "clerk_sync_app_" + suffix;
        String ownerPassword = UUID.randomUUID().toString();
        String runtimePassword = UUID.randomUUID().toString();
        psql(server, List.of("database=" + name, "schema=" + schema, "owner=" + owner,
                "owner_password=" + ownerPassword, "runtime=" + runtime, "runtime_password=" + runtimePassword));
        return new LeastPrivilegeDatabase(server.on(name), owner, ownerPassword, runtime, runtimePassword);
    }

    /** The new database, reached as the server's admin: for the tests' own look at the tables. */
    public TestDatabase database() {
        return database;
    }

    /** Owns the database, the schema and the tables: {@code DATABASE_MIGRATION_USER}. */
    public String owner() {
        return owner;
    }

    public String ownerPassword() {
        return ownerPassword;
    }

    /** Reads and writes rows, nothing more: {@code DATABASE_USER}. */
    public String runtime() {
        return runtime;
    }

    public String runtimePassword() {
        return runtimePassword;
    }

    /** psql -X -v ON_ERROR_STOP=1 -v name=value… -f create-database.sql, as the admin of the test server. */
    private static void psql(TestDatabase server, List<String> variables) {
        URI address = URI.create(server.directUrl().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of(psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", address.getHost(), "-p", Integer.toString(address.getPort() < 0 ? 5432 : address.getPort()),
                "-d", address.getPath().substring(1)));
        if (server.user() != null) {
            command.addAll(List.of("-U", server.user()));
        }
        for (String variable : variables) {
            command.addAll(List.of("-v", variable));
        }
        command.addAll(List.of("-f", SCRIPT.toString()));
        try {
            Path output = Files.createTempFile("create-database", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().remove("PGPASSWORD");
                if (server.password() != null) {
                    builder.environment().put("PGPASSWORD", server.password());
                }
                Process process = builder.start();
                if (!process.waitFor(PSQL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("psql -f " + SCRIPT + " did not finish in " + PSQL_TIMEOUT_SECONDS
                            + " s");
                }
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("psql -f " + SCRIPT + " failed (exit " + process.exitValue()
                            + "):\n" + printed);
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("psql did not run: " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** psql from PATH; missing is a failure (.ci/run installs postgresql-client), never a skipped test. */
    private static String psql() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "psql");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("psql is not on the PATH: install the PostgreSQL client"
                + " (Debian: apt-get install postgresql-client) to run tomcat-config/create-database.sql");
    }
}
