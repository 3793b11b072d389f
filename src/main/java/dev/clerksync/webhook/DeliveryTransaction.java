package dev.clerksync.webhook;

import dev.clerksync.persistence.GroupCommit;
import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.StorableText;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.users.SyncResult;
import dev.clerksync.users.UserChange;
import dev.clerksync.users.UserSync;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The webhook's unit of work: a batch of verified deliveries in one transaction. It locks the
 * batch's users, finds the svix-ids already processed, applies the rest through {@link UserSync}
 * in arrival order and records every delivery; the user changes, tombstones and records of the
 * batch commit together or not at all. A batch never holds one svix-id twice ({@link GroupCommit}
 * keys batches by it).
 */
final class DeliveryTransaction implements GroupCommit.BatchWork<Delivery, Outcome> {

    // The batch's user locks and its svix-ids already processed, in one round trip. The check is
    // made with a snapshot from before the locks were granted: a copy of this delivery committed
    // meanwhile by another node goes unseen here, is applied again (the rows, read after the
    // locks, show it applied: nothing changes), and its record, which refuses to overwrite a
    // processed one, makes it a duplicate.
    private static final String LOCK_AND_FIND_PROCESSED = "select " + UserSync.LOCKS
            + ", array(select svix_id from webhook_events where svix_id = any(?) and outcome <> 'failed')";

    // The same for a lone create or update, with one id each, and the switch to cached plans for
    // the rest of its transaction: the lone delivery pays no planning (see PlanMode).
    private static final String LOCK_AND_FIND_PROCESSED_ONE = "select " + PlanMode.CACHED_FROM_NOW_ON
            + ", " + UserSync.LOCK_ONE
            + ", exists(select from webhook_events where svix_id = ? and outcome <> 'failed')";

    // A failed record is overwritten by a retry of the same svix-id; a processed one never is.
    private static final String RECORD = """
            insert into webhook_events
                (svix_id, event_type, user_id, outcome, error, payload, attempts, received_at, processed_at)
            values (?, ?, ?, ?, ?, ?, 1, ?, ?)
            on conflict (svix_id) do update
            set event_type = excluded.event_type, user_id = excluded.user_id, outcome = excluded.outcome,
                error = excluded.error, payload = excluded.payload, attempts = webhook_events.attempts + 1,
                processed_at = excluded.processed_at
            where webhook_events.outcome = 'failed'""";

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

    private List<Outcome> apply(Connection connection, List<Delivery> batch) throws SQLException {
        Set<String> processed = lockAndFindProcessed(connection, batch);
        List<UserChange> changes = new ArrayList<>();
        for (Delivery delivery : batch) {
            if (!processed.contains(delivery.svixId())) {
                change(delivery.event(), changes);
            }
        }
        List<SyncResult> results = userSync.apply(connection, changes);
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        int next = 0;
        for (Delivery delivery : batch) {
            if (processed.contains(delivery.svixId())) {
                outcomes.add(Outcome.DUPLICATE);
            } else if (isUserChange(delivery.event())) {
                outcomes.add(Outcome.of(results.get(next++)));
            } else {
                outcomes.add(delivery.event() instanceof ClerkEvent.Malformed ? Outcome.FAILED : Outcome.IGNORED);
            }
        }
        record(connection, batch, outcomes);
        return outcomes;
    }

    /** The users whose rows the batch may change: their locks come first, before anything is read. */
    private static Set<String> changedUserIds(List<Delivery> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (Delivery delivery : batch) {
            if (isUserChange(delivery.event())) {
                ids.add(delivery.event().userId());
            }
        }
        return ids;
    }

    private static boolean isUserChange(ClerkEvent event) {
        return event instanceof ClerkEvent.UserChanged || event instanceof ClerkEvent.UserDeleted;
    }

    private static void change(ClerkEvent event, List<UserChange> changes) {
        if (event instanceof ClerkEvent.UserChanged changed) {
            changes.add(new UserChange.Mirror(changed.user()));
        } else if (event instanceof ClerkEvent.UserDeleted deleted) {
            changes.add(new UserChange.Delete(deleted.userId(), deleted.deletedAt()));
        }
    }

    private static Set<String> lockAndFindProcessed(Connection connection, List<Delivery> batch) throws SQLException {
        if (batch.size() == 1 && batch.get(0).event() instanceof ClerkEvent.UserChanged changed) {
            return lockAndFindProcessed(connection, batch.get(0).svixId(), changed.userId());
        }
        String[] svixIds = batch.stream().map(Delivery::svixId).toArray(String[]::new);
        try (PreparedStatement select = connection.prepareStatement(LOCK_AND_FIND_PROCESSED)) {
            select.setArray(1, connection.createArrayOf("text", changedUserIds(batch).toArray(new String[0])));
            select.setArray(2, connection.createArrayOf("text", svixIds));
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return new HashSet<>(List.of((String[]) result.getArray(2).getArray()));
            }
        }
    }

    private static Set<String> lockAndFindProcessed(Connection connection, String svixId, String userId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOCK_AND_FIND_PROCESSED_ONE)) {
            select.setString(1, userId);
            select.setString(2, svixId);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getBoolean(3) ? Set.of(svixId) : Set.of();
            }
        }
    }

    /**
     * Records every delivery that was not a duplicate, in one round trip. A failed delivery keeps
     * its payload for inspection; a processed one keeps none. A delivery whose svix-id another
     * transaction recorded as processed meanwhile becomes a duplicate.
     */
    private void record(Connection connection, List<Delivery> batch, List<Outcome> outcomes) throws SQLException {
        Instant now = clock.instant();
        List<Integer> recorded = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.get(i) != Outcome.DUPLICATE) {
                    bind(insert, batch.get(i), outcomes.get(i), now);
                    insert.addBatch();
                    recorded.add(i);
                }
            }
            if (recorded.isEmpty()) {
                return;
            }
            int[] counts = insert.executeBatch();
            for (int j = 0; j < counts.length; j++) {
                // 0: the upsert met a processed record. (A driver that batches rows into one
                // statement answers SUCCESS_NO_INFO, below 0, and we cannot tell.)
                if (counts[j] == 0) {
                    outcomes.set(recorded.get(j), Outcome.DUPLICATE);
                }
            }
        }
    }

    // The record of a failure must never fail itself, or the delivery could be neither applied
    // nor recorded: its text is stored without NULs.
    private static void bind(PreparedStatement insert, Delivery delivery, Outcome outcome, Instant now)
            throws SQLException {
        ClerkEvent event = delivery.event();
        boolean failed = event instanceof ClerkEvent.Malformed;
        insert.setString(1, delivery.svixId());
        insert.setString(2, StorableText.of(event.type()));
        insert.setString(3, StorableText.of(event.userId()));
        insert.setString(4, outcome.label());
        insert.setString(5, failed ? StorableText.of(((ClerkEvent.Malformed) event).reason()) : null);
        insert.setString(6, failed ? StorableText.of(new String(delivery.body(), StandardCharsets.UTF_8)) : null);
        insert.setObject(7, delivery.receivedAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        insert.setObject(8, now.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

}
