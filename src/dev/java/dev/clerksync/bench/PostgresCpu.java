package dev.clerksync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU ticks of the PostgreSQL processes that serve the benchmark's database, read from /proc, so
 * that a delivery's CPU can be split between the server JVM and the database. The postmaster is
 * found as the parent of a backend of our own ({@code pg_backend_pid()}). An embedded cluster is
 * this run's alone: all its processes count (postmaster, backends, WAL writer, checkpointer…). A
 * shared cluster (BENCH_DATABASE_URL) counts only the backends of the benchmark's database and
 * user, whose titles read {@code postgres: [cluster: ]USER DB …}: its background processes also
 * work for others.
 *
 * <p>A process that exits within a round takes its ticks with it; the WAR's pool keeps its
 * connections, so that loses little.
 */
final class PostgresCpu {

    /** Nothing found (a remote database, no /proc): no figure rather than a wrong one. */
    static final PostgresCpu NONE = new PostgresCpu(-1, null);

    private static final Path PROC = Path.of("/proc");

    private final int postmaster;
    // null: every child of the postmaster; else the title a backend of the benchmark's database has.
    private final Pattern backendTitle;

    private PostgresCpu(int postmaster, Pattern backendTitle) {
        this.postmaster = postmaster;
        this.backendTitle = backendTitle;
    }

    static PostgresCpu find(TargetDatabase database) {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select pg_backend_pid(), current_user, current_database()")) {
            row.next();
            Path stat = PROC.resolve(Integer.toString(row.getInt(1))).resolve("stat");
            if (!Files.isReadable(stat)) {
                return NONE;
            }
            int parent = ProcStat.parse(Files.readString(stat)).parentPid();
            return new PostgresCpu(parent, database.embedded() ? null : Pattern.compile(
                    "postgres: (?:\\S+: )?" + Pattern.quote(row.getString(2)) + " " + Pattern.quote(row.getString(3))
                            + " .*"));
        } catch (SQLException | IOException | RuntimeException e) {
            return NONE;
        }
    }

    boolean known() {
        return postmaster > 0;
    }

    /** Per process, its CPU ticks so far (user + system). */
    Map<Integer, Long> ticks() {
        Map<Integer, Long> ticks = new HashMap<>();
        if (!known()) {
            return ticks;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                ProcStat stat = read(process);
                if (stat != null && counts(stat, process)) {
                    ticks.put(stat.pid(), stat.cpuTicks());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /** Ticks spent between two readings; a process started in between counts from zero. */
    static long ticksBetween(Map<Integer, Long> start, Map<Integer, Long> stop) {
        long spent = 0;
        for (Map.Entry<Integer, Long> process : stop.entrySet()) {
            spent += process.getValue() - start.getOrDefault(process.getKey(), 0L);
        }
        return spent;
    }

    private boolean counts(ProcStat stat, Path process) {
        if (backendTitle == null) {
            return stat.pid() == postmaster || stat.parentPid() == postmaster;
        }
        return stat.parentPid() == postmaster && backendTitle.matcher(title(process)).matches();
    }

    /** Gone between the listing and the read: not counted. */
    private static ProcStat read(Path process) {
        try {
            return ProcStat.parse(Files.readString(process.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A backend sets its title over its argv: one string, NUL-padded. */
    private static String title(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
