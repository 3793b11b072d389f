package dev.clerksync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one pgbench run printed, with the machine CPU it took. */
record PgbenchResult(double tps, double latencyMillis, long failed, List<String> perStatement,
        double machineCpuMillis) {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern STATEMENT = Pattern.compile("^\\s+([0-9.]+)\\s+(?:\\d+\\s+)?(\\S.*)$");

    static PgbenchResult parse(String output, CpuUse.Spent cpu) {
        List<String> statements = new ArrayList<>();
        boolean inStatements = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("statement latencies")) {
                inStatements = true;
            } else if (inStatements) {
                Matcher statement = STATEMENT.matcher(line);
                if (statement.matches() && !statement.group(2).startsWith("\\set")) {
                    String sql = statement.group(2);
                    statements.add(String.format(Locale.ROOT, "%7s  %s", statement.group(1),
                            sql.length() > 70 ? sql.substring(0, 70) + "…" : sql));
                }
            }
        }
        Matcher failed = FAILED.matcher(output);
        return new PgbenchResult(number(TPS, output), number(LATENCY, output),
                failed.find() ? Long.parseLong(failed.group(1)) : 0, statements,
                cpu.machineMillis() / number(PROCESSED, output));
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench printed no '" + pattern + "':\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "tps %.1f  latency avg %.2f ms  failed %d  cpu/transaction %.2f ms",
                tps, latencyMillis, failed, machineCpuMillis);
    }
}
