package dev.clerksync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * CPU time spent while a phase ran: the whole machine's (Linux /proc/stat, every process:
 * client, Tomcat, PostgreSQL), this JVM's, and the database's ({@link PostgresCpu}). On a machine
 * this small, CPU is the limit, so CPU per request says where the time goes better than wall time.
 */
record CpuUse(long machineTicks, long processNanos, PostgresCpu postgres, Map<Integer, Long> postgresTicks) {

    // USER_HZ, the unit of /proc/stat and /proc/<pid>/stat; 100 on every mainstream Linux build.
    private static final double MILLIS_PER_TICK = 10.0;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The machine and this JVM only. */
    static CpuUse start() {
        return start(PostgresCpu.NONE);
    }

    static CpuUse start(PostgresCpu postgres) {
        return new CpuUse(readMachineTicks(), readProcessNanos(), postgres, postgres.ticks());
    }

    Spent stop() {
        Map<Integer, Long> postgresNow = postgres.ticks();
        return new Spent((readMachineTicks() - machineTicks) * MILLIS_PER_TICK,
                (readProcessNanos() - processNanos) / 1e6,
                postgres.known() ? PostgresCpu.ticksBetween(postgresTicks, postgresNow) * MILLIS_PER_TICK : Double.NaN);
    }

    /** @param postgresMillis NaN when the database's processes were not found */
    record Spent(double machineMillis, double processMillis, double postgresMillis) {

        Spent plus(Spent other) {
            return new Spent(machineMillis + other.machineMillis, processMillis + other.processMillis,
                    postgresMillis + other.postgresMillis);
        }
    }

    /** Busy ticks of all cores: user, nice, system, irq, softirq, steal (not idle, not iowait). */
    private static long readMachineTicks() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[field]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long readProcessNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
