package dev.clerksync.bench;

/**
 * One line of Linux's {@code /proc/<pid>/stat}, the fields the benchmark needs. The command name
 * sits in parentheses and may itself hold spaces and parentheses (a PostgreSQL backend's does not,
 * but a thread's may), so the fields are counted from the last {@code ')'}.
 *
 * @param utime ticks (USER_HZ) in user mode, field 14
 * @param stime ticks in kernel mode, field 15
 */
record ProcStat(int pid, String command, int parentPid, long utime, long stime) {

    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        // After the ')': field 3 (state) is at 0, so field N is at N - 3.
        String[] fields = line.substring(close + 1).trim().split("\\s+");
        return new ProcStat(Integer.parseInt(line.substring(0, open).trim()), line.substring(open + 1, close),
                Integer.parseInt(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]));
    }

    long cpuTicks() {
        return utime + stime;
    }
}
