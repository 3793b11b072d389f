package dev.clerksync.bench;

import dev.clerksync.fixtures.workload.StateCheck;
import java.util.List;
import java.util.Locale;

/**
 * One measured round of a mixed workload: what the load client saw, what was sent, whether the
 * tables ended as the sender expects (one check per table), and how the server batched its commits.
 */
record MixedRound(RoundResult load, String mix, List<StateCheck> checks, BatchSizes batches) {

    /** Objects of every table that are missing, differ or should be absent. */
    int mismatches() {
        return checks.stream().mapToInt(StateCheck::mismatches).sum();
    }

    /** Deliveries that got an answer other than 2xx. */
    int non2xx() {
        return load.errors();
    }

    /**
     * The round's lines: the figures first, then what was sent and answered, where the CPU went, the
     * check and the batches.
     */
    String describe() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s  non-2xx %d  mismatches %d  server cpu/delivery %.2f ms%n",
                load.speed().replace("requests", "deliveries").replace("req/s", "deliveries/s"), non2xx(),
                mismatches(), load.serverCpuMillis()));
        text.append(String.format(Locale.ROOT, "    sent: %s; answers: %s%n", mix, load.outcomes()));
        text.append("    ").append(load.cpuPerRequest()).append(System.lineSeparator());
        for (StateCheck check : checks) {
            text.append("    state check: ").append(check).append(System.lineSeparator());
            check.samples().forEach(sample -> text.append("      ").append(sample).append(System.lineSeparator()));
        }
        text.append("    ").append(batches.summary());
        if (batches.reported()) {
            text.append(System.lineSeparator()).append("    ").append(batches.histogram());
        }
        return text.toString();
    }
}
