package dev.clerksync.bench;

import dev.clerksync.fixtures.workload.StateCheck;
import java.util.Locale;

/**
 * One measured round of the mixed workload: what the load client saw, what was sent, whether the
 * table ended as the sender expects, and how the server batched its commits.
 */
record MixedRound(RoundResult load, String mix, StateCheck check, BatchSizes batches) {

    /** Deliveries that got an answer other than 2xx. */
    int non2xx() {
        return load.errors();
    }

    /** The round's lines: the figures first, then what was sent and answered, the check and the batches. */
    String describe() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s  non-2xx %d  mismatches %d  server cpu/delivery %.2f ms%n",
                load.speed().replace("requests", "deliveries").replace("req/s", "deliveries/s"), non2xx(),
                check.mismatches(), load.serverCpuMillis()));
        text.append(String.format(Locale.ROOT, "    sent: %s; answers: %s; %s%n", mix, load.outcomes(),
                load.cpuPerRequest()));
        text.append("    state check: ").append(check).append(System.lineSeparator());
        check.samples().forEach(sample -> text.append("      ").append(sample).append(System.lineSeparator()));
        text.append("    ").append(batches.summary());
        if (batches.reported()) {
            text.append(System.lineSeparator()).append("    ").append(batches.histogram());
        }
        return text.toString();
    }
}
