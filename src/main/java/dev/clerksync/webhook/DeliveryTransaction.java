package dev.clerksync.webhook;

import dev.clerksync.persistence.GroupCommit;
import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.users.UserBatch;
import dev.clerksync.users.UserChange;
import dev.clerksync.users.UserSync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The webhook's unit of work: a batch of verified deliveries in one transaction. It locks the
 * batch's users, finds the svix-ids already processed, applies the rest through {@link UserSync}
 * in arrival order and records every delivery; the user changes, tombstones and records of the
 * batch commit together or not at all. A batch never holds one svix-id twice ({@link GroupCommit}
 * keys batches by it).
 */
final class DeliveryTransaction implements GroupCommit.BatchWork<Delivery, Outcome> {

    // The batch's svix-ids already processed, read with a snapshot from before the locks are
    // granted: a copy of a delivery committed meanwhile by another node goes unseen here, is
    // applied again (the rows, read after the locks, show it applied: nothing changes), and its
    // record, which refuses to overwrite a processed one, makes it a duplicate. The rest of the
    // transaction runs on cached plans (see PlanMode).
    private static final String FIND_PROCESSED = "select " + PlanMode.GENERIC_FROM_NOW_ON
            + ", array(select svix_id from webhook_events where svix_id = any(?) and outcome <> 'failed')";

    // The same for a lone create or update, with one id, and the switch to cached plans for the
    // rest of its transaction: the lone delivery pays no planning (see PlanMode).
    private static final String FIND_PROCESSED_ONE = "select " + PlanMode.CACHED_FROM_NOW_ON
            + ", array(select svix_id from webhook_events where svix_id = ? and outcome <> 'failed')";

    private final Transactions transactions;
    private final UserSync userSync;
    private final Clock clock;

    DeliveryTransaction(Transactions transactions, UserSync userSync, Clock clock) {
        this.transactions = transactions;
        this.userSync = userSync;
        this.clock = clock;
    }

    @Override
    public List<Outcome> apply(List<Delivery> batch) {
        return transactions.inTransaction(connection -> apply(connection, batch));
    }

    // Three round trips whatever the batch's size: the processed svix-ids, the user locks and the
    // rows the rules need; the user writes and the records; the commit.
    private List<Outcome> apply(Connection connection, List<Delivery> batch) throws SQLException {
        List<UserChange> changes = batch.stream().map(delivery -> change(delivery.event())).toList();
        List<UserChange> candidates = changes.stream().filter(Objects::nonNull).toList();
        UserBatch users = userSync.batch(candidates);
        Processed processed = new Processed(batch);
        RoundTrip.run(connection, candidates.isEmpty() ? List.of(processed)
                : List.of(processed, users.lock(), users.load()));
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            outcomes.add(outcome(connection, batch.get(i), changes.get(i), processed, users));
        }
        DeliveryRecords records = new DeliveryRecords(batch, outcomes, clock.instant());
        List<RoundTrip.Part> writes = new ArrayList<>(users.write());
        if (!records.isEmpty()) {
            writes.add(records);
        }
        RoundTrip.run(connection, writes);
        return outcomes;
    }

    /** A delivery's outcome, its change (if it is not a duplicate) decided after those before it. */
    private static Outcome outcome(Connection connection, Delivery delivery, UserChange change, Processed processed,
            UserBatch users) throws SQLException {
        if (processed.contains(delivery.svixId())) {
            return Outcome.DUPLICATE;
        }
        if (change != null) {
            return Outcome.of(users.apply(connection, change));
        }
        return delivery.event() instanceof ClerkEvent.Malformed ? Outcome.FAILED : Outcome.IGNORED;
    }

    /** The user change an event asks for, or null for an event that changes no user. */
    private static UserChange change(ClerkEvent event) {
        if (event instanceof ClerkEvent.UserChanged changed) {
            return new UserChange.Mirror(changed.user());
        }
        if (event instanceof ClerkEvent.UserDeleted deleted) {
            return new UserChange.Delete(deleted.userId(), deleted.deletedAt());
        }
        return null;
    }

    /**
     * The batch's svix-ids already processed, and the switch to cached plans. A lone create or
     * update keeps its own kind, which measured faster at one sender (docs/benchmarks.md).
     */
    private static final class Processed implements RoundTrip.Part {
        private final List<Delivery> batch;
        private final boolean lone;
        private Set<String> svixIds = Set.of();

        Processed(List<Delivery> batch) {
            this.batch = batch;
            this.lone = batch.size() == 1 && batch.get(0).event() instanceof ClerkEvent.UserChanged;
        }

        boolean contains(String svixId) {
            return svixIds.contains(svixId);
        }

        @Override
        public String sql() {
            return lone ? FIND_PROCESSED_ONE : FIND_PROCESSED;
        }

        @Override
        public int bind(PreparedStatement select, int index) throws SQLException {
            if (lone) {
                select.setString(index + 1, batch.get(0).svixId());
            } else {
                select.setArray(index + 1, SqlArrays.texts(select.getConnection(),
                        batch.stream().map(Delivery::svixId).toList()));
            }
            return index + 1;
        }

        @Override
        public void read(Statement statement) throws SQLException {
            try (ResultSet result = statement.getResultSet()) {
                result.next();
                svixIds = new HashSet<>(List.of((String[]) result.getArray(2).getArray()));
            }
        }
    }
}
