package dev.clerksync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent while a phase ran: the whole machine's (Linux /proc/stat, every process:
 * client, Tomcat, PostgreSQL) and this JVM's. On a machine this small, CPU is the limit, so
 * CPU per request says where the time goes better than wall time.
 */
record CpuUse(long machineTicks, long processNanos) {

    // USER_HZ, the unit of /proc/stat; 100 on every mainstream Linux build.
    private static final double MILLIS_PER_TICK = 10.0;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    static CpuUse start() {
        return new CpuUse(readMachineTicks(), readProcessNanos());
    }

    Spent stop() {
        return new Spent((readMachineTicks() - machineTicks) * MILLIS_PER_TICK,
                (readProcessNanos() - processNanos) / 1e6);
    }

    record Spent(double machineMillis, double processMillis) {
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
