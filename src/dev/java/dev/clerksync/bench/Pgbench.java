package dev.clerksync.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own ceiling: {@code pgbench} running a workload's per-event transaction against the
 * benchmark's database, with as many clients as the webhook rounds have, for a fixed time.
 */
final class Pgbench {

    private static final List<String> CANDIDATES = List.of("/usr/lib/postgresql/15/bin/pgbench", "pgbench");

    private final Path binary;
    private final TargetDatabase database;
    private final int clients;
    private final int seconds;
    private final Path work;

    private Pgbench(Path binary, TargetDatabase database, int clients, int seconds, Path work) {
        this.binary = binary;
        this.database = database;
        this.clients = clients;
        this.seconds = seconds;
        this.work = work;
    }

    /** Null, after saying so, when there is no pgbench: the webhook figures are then printed alone. */
    static Pgbench findIfInstalled(TargetDatabase database, BenchOptions options, Path work) {
        String configured = System.getProperty("bench.pgbench", "");
        List<String> candidates = configured.isBlank() ? CANDIDATES : List.of(configured);
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (path.isAbsolute() && Files.isExecutable(path)) {
                return new Pgbench(path, database, options.clients(), options.pgbenchSeconds(), work);
            }
            if (!path.isAbsolute()) {
                for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                    Path onPath = Path.of(dir, candidate);
                    if (Files.isExecutable(onPath)) {
                        return new Pgbench(onPath, database, options.clients(), options.pgbenchSeconds(), work);
                    }
                }
            }
        }
        System.out.println("pgbench not found (set -Dbench.pgbench=…): PostgreSQL's ceiling is not measured");
        return null;
    }

    int seconds() {
        return seconds;
    }

    /**
     * @param scripts pgbench's {@code --file=…} arguments (with {@code @weight} for a mix)
     * @param defines the scripts' variables
     */
    PgbenchResult run(List<String> scripts, Map<String, String> defines) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--no-vacuum", "--protocol=prepared", "--report-per-command",
                "--client=" + clients,
                "--jobs=" + Math.min(clients, Runtime.getRuntime().availableProcessors()),
                "--time=" + seconds));
        defines.forEach((name, value) -> command.add("--define=" + name + "=" + value));
        command.addAll(scripts);
        command.addAll(List.of("--host=" + database.host, "--port=" + database.port));
        if (database.user != null) {
            command.add("--username=" + database.user);
        }
        command.add(database.name);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (database.password != null) {
            builder.environment().put("PGPASSWORD", database.password);
        }
        CpuUse cpu = CpuUse.start();
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        CpuUse.Spent spent = cpu.stop();
        Files.writeString(work.resolve("pgbench.log"), String.join(" ", command) + "\n" + output,
                StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IllegalStateException("pgbench exited with " + exit + ":\n" + output);
        }
        return PgbenchResult.parse(output, spent);
    }
}
