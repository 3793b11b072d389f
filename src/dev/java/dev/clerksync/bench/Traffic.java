package dev.clerksync.bench;

import dev.clerksync.fixtures.workload.B2bEvents;
import dev.clerksync.fixtures.workload.EventSource;
import dev.clerksync.fixtures.workload.ExpectedObjects;
import dev.clerksync.fixtures.workload.MixedEvents;
import dev.clerksync.fixtures.workload.OrganizationStateCheck;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import dev.clerksync.fixtures.workload.StateCheck;
import dev.clerksync.fixtures.workload.UserState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * What the senders of a {@link MixedWorkload} send, and how its rounds are checked: the same
 * rounds, duplicates and figures for either.
 */
enum Traffic {

    /** Users created, updated and deleted (the default workload). */
    MIXED("mixed", MixedEvents.TYPES, MixedEvents::new, true) {
        @Override
        List<StateCheck> check(Connection connection, List<List<PlannedDelivery>> perClient, List<short[]> statuses)
                throws SQLException {
            return List.of(StateCheck.run(connection, ExpectedObjects.ofAnswered(UserState.class, perClient, statuses),
                    MixedEvents.DEFAULT_ROLE));
        }

        /** Only users: the summary has always said {@code created 1190 updated 690 deleted 100}. */
        @Override
        String label(String type) {
            return type.substring(type.indexOf('.') + 1);
        }
    },

    /**
     * Users with their organizations and memberships. No pgbench ceiling yet: its scripts are the
     * user events' statements, and the organization statements have no script of their own.
     */
    B2B("b2b", B2bEvents.TYPES, B2bEvents::new, false) {
        @Override
        List<StateCheck> check(Connection connection, List<List<PlannedDelivery>> perClient, List<short[]> statuses)
                throws SQLException {
            return OrganizationStateCheck.run(connection, perClient, statuses, MixedEvents.DEFAULT_ROLE);
        }
    };

    /** As the printed lines name the workload. */
    final String label;
    /** The event types, in the order a round's {@code sent:} line lists them. */
    final List<String> types;
    /** Each sender's events, from its own random numbers and the round's Clerk instance id. */
    final BiFunction<SplittableRandom, String, EventSource> senders;
    /** Whether {@link MixedPgbenchScripts} do this traffic's per-event work, so that pgbench is its ceiling. */
    final boolean pgbench;

    Traffic(String label, List<String> types, BiFunction<SplittableRandom, String, EventSource> senders,
            boolean pgbench) {
        this.label = label;
        this.types = types;
        this.senders = senders;
        this.pgbench = pgbench;
    }

    /** The tables after a round against what the answers say they should hold, one check per table. */
    abstract List<StateCheck> check(Connection connection, List<List<PlannedDelivery>> perClient,
            List<short[]> statuses) throws SQLException;

    /** How the {@code sent:} line names an event type. */
    String label(String type) {
        return type;
    }
}
