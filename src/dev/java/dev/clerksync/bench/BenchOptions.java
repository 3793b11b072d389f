package dev.clerksync.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's settings, from system properties (the {@code bench} profile passes them on).
 *
 * @param requests       measured deliveries per workload (per duplicate order for the mixed one), split over the rounds
 * @param warmup         unmeasured deliveries before the first measured round of each workload
 * @param users          users of the {@code updated} workload (the mixed and b2b ones create their own)
 * @param seconds        above 0: a round also stops after this long (its share of {@code requests} is then a cap)
 * @param duplicatePercent share of the mixed workload's events that are delivered twice
 * @param seed           the mixed workload's random seed, printed so that a run can be repeated
 * @param preload        rows put in the tables before the mixed rounds, and whether rounds run without them first
 * @param soakMinutes    above 0: after the warm-up, the mixed traffic this many minutes instead of the measured rounds
 * @param maxThreads     above 0: the embedded Tomcat connector's request threads, else its default (200)
 */
record BenchOptions(int requests, int warmup, int clients, int users, int rounds, int pgbenchSeconds, File war,
        Workload workload, List<DuplicateOrder> duplicateOrders, double seconds, int duplicatePercent, long seed,
        Preload preload, int soakMinutes, int maxThreads) {

    /**
     * Which rounds run: the old {@code user.updated}-only ones, the mixed ones, or both; or the mixed
     * rounds with users, organizations and memberships ({@code b2b}).
     */
    enum Workload {
        UPDATED, MIXED, BOTH, B2B;

        boolean includesUpdated() {
            return this == UPDATED || this == BOTH;
        }

        /** Rounds of a {@link MixedWorkload}, of users or of {@link #traffic()}. */
        boolean includesMixed() {
            return this != UPDATED;
        }

        Traffic traffic() {
            return this == B2B ? Traffic.B2B : Traffic.MIXED;
        }
    }

    static BenchOptions fromSystemProperties() {
        BenchOptions options = new BenchOptions(
                intProperty("bench.requests", 6000),
                intProperty("bench.warmup", 3000),
                intProperty("bench.clients", 8),
                intProperty("bench.users", 1000),
                intProperty("bench.rounds", 3),
                intProperty("bench.pgbench.seconds", 8),
                new File(System.getProperty("bench.war", "target/clerk-sync.war")),
                Workload.valueOf(property("bench.workload", "mixed").toUpperCase(Locale.ROOT)),
                duplicateOrders(property("bench.dupOrder", "immediate,late")),
                Double.parseDouble(property("bench.seconds", "0")),
                Integer.parseInt(property("bench.duplicates", "10")),
                Long.parseLong(property("bench.seed", Long.toString(System.nanoTime()))),
                Preload.parse(property("bench.preloadUsers", "0"), property("bench.preloadEvents", "0"),
                        property("bench.preload", "full")),
                Integer.parseInt(property("bench.soakMinutes", "0")),
                Integer.parseInt(property("bench.maxThreads", "0")));
        if (options.workload.includesUpdated() && options.users < options.clients) {
            throw new IllegalArgumentException("bench.users must be at least bench.clients");
        }
        if (options.requests < options.rounds) {
            throw new IllegalArgumentException("bench.requests must be at least bench.rounds");
        }
        if (options.duplicatePercent < 0 || options.duplicatePercent > 100) {
            throw new IllegalArgumentException("bench.duplicates must be a percentage, was " + options.duplicatePercent);
        }
        if (options.preload.any() && !options.workload.includesMixed()) {
            throw new IllegalArgumentException("bench.preloadUsers fills the tables before mixed or b2b rounds:"
                    + " bench.workload=updated has none");
        }
        if (options.soakMinutes < 0) {
            throw new IllegalArgumentException("bench.soakMinutes must be 0 (off) or more, was " + options.soakMinutes);
        }
        if (options.soakMinutes > 0 && (options.workload.includesUpdated() || options.preload.any())) {
            throw new IllegalArgumentException("bench.soakMinutes runs the mixed or b2b traffic on the tables as they"
                    + " are: no bench.workload=updated|both, no preload");
        }
        if (!options.war.isFile()) {
            throw new IllegalArgumentException("no WAR at " + options.war + ": run mvn package first");
        }
        return options;
    }

    int requestsInRound(int round) {
        return requests / rounds + (round <= requests % rounds ? 1 : 0);
    }

    /** A property the pom passes on, empty when not set on the command line. */
    private static String property(String name, String fallback) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? fallback : value.trim();
    }

    private static int intProperty(String name, int fallback) {
        int value = Integer.parseInt(property(name, Integer.toString(fallback)));
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    private static List<DuplicateOrder> duplicateOrders(String list) {
        List<DuplicateOrder> orders = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                orders.add(DuplicateOrder.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
        }
        if (orders.isEmpty()) {
            throw new IllegalArgumentException("bench.dupOrder names no order: use immediate, late or immediate,late");
        }
        return List.copyOf(orders);
    }

    @Override
    public String toString() {
        return "workload=" + workload.name().toLowerCase(Locale.ROOT)
                + (workload.includesMixed() ? " dupOrder=" + String.join(",", duplicateOrders.stream()
                        .map(DuplicateOrder::label).toList()) + " duplicates=" + duplicatePercent + "% seed=" + seed : "")
                + " requests=" + requests + " warmup=" + warmup + " clients=" + clients
                + (workload.includesUpdated() ? " users=" + users : "")
                + " rounds=" + rounds + (seconds > 0 ? " seconds/round<=" + seconds : "")
                + " pgbench.seconds/round=" + pgbenchSeconds + preload
                + (soakMinutes > 0 ? " soakMinutes=" + soakMinutes : "")
                + (maxThreads > 0 ? " maxThreads=" + maxThreads : "") + " war=" + war;
    }
}
