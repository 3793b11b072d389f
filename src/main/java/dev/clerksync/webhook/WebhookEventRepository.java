package dev.clerksync.webhook;

import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import dev.clerksync.persistence.StorableText;
import dev.clerksync.persistence.Transactions;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The only code that writes SQL for {@code webhook_events}: a delivery's record by svix-id, which is
 * both the deduplication key and the audit trail. A failed record is overwritten by a retry of the
 * same svix-id; a processed one never is.
 */
public final class WebhookEventRepository {

    // The batch's svix-ids already processed, read with a snapshot from before the locks are
    // granted: a copy of a delivery committed meanwhile by another node goes unseen here, is
    // applied again (the rows, read after the locks, show it applied: nothing changes), and its
    // record, which refuses to overwrite a processed one, makes it a duplicate. The rest of the
    // transaction, this statement included, runs on cached plans (see PlanMode).
    private static final String FIND_PROCESSED =
            "select array(select svix_id from webhook_events where svix_id = any(?) and outcome <> 'failed')";
    // The same for a lone delivery whose statements all take one id: it pays no planning (see PlanMode).
    private static final String FIND_PROCESSED_ONE =
            "select array(select svix_id from webhook_events where svix_id = ? and outcome <> 'failed')";

    private static final String RECORD = """
            insert into webhook_events
                (svix_id, event_type, user_id, outcome, error, payload, attempts, received_at, processed_at)
            select svix_id, event_type, user_id, outcome, error, payload, 1, received_at, ?::timestamptz
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                as r(svix_id, event_type, user_id, outcome, error, payload, received_at)
            on conflict (svix_id) do update
            set event_type = excluded.event_type, user_id = excluded.user_id, outcome = excluded.outcome,
                error = excluded.error, payload = excluded.payload, attempts = webhook_events.attempts + 1,
                processed_at = excluded.processed_at
            where webhook_events.outcome = 'failed'
            returning svix_id""";

    private static final String ENTRY_COLUMNS =
            "svix_id, event_type, user_id, outcome, error, payload, attempts, received_at, processed_at";
    private static final String FIND = "select " + ENTRY_COLUMNS + " from webhook_events where svix_id = ?";
    private static final String RECENT = "select " + ENTRY_COLUMNS + """
             from webhook_events where (?::text is null or outcome = ?)
            order by received_at desc, svix_id limit ?""";
    // Failed records have an index of their own (V6); its predicate must be in the statement's text.
    private static final String RECENT_FAILED = "select " + ENTRY_COLUMNS + """
             from webhook_events where outcome = 'failed'
            order by received_at desc, svix_id limit ?""";

    private static final String PURGE = """
            delete from webhook_events where svix_id in (
                select svix_id from webhook_events
                where received_at < ? and (outcome <> 'failed' or received_at < ?)
                limit ?)""";
    private static final String FAILED_OBJECT_IDS =
            "select distinct user_id from webhook_events where outcome = 'failed' and user_id is not null";

    private static final String CHECK_COLUMNS = "select " + ENTRY_COLUMNS + " from webhook_events limit 0";

    private final Transactions transactions;

    public WebhookEventRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Fails unless the table has every column named here (see {@code UserRepository.checkColumns}). */
    public void checkColumns() {
        transactions.inTransaction(connection -> {
            RoundTrip.run(connection, RoundTrip.Part.of(CHECK_COLUMNS, (select, i) -> i, result -> { }));
            return null;
        });
    }

    /** A delivery record as the admin API shows it. */
    public record Entry(String svixId, String eventType, String userId, String outcome, String error,
            String payload, int attempts, Instant receivedAt, Instant processedAt) {
    }

    /** The statement that finds which of a batch's svix-ids were processed already (see {@link Processed}). */
    Processed processed(List<Delivery> batch, boolean scalar) {
        return new Processed(batch, scalar);
    }

    /**
     * The batch's svix-ids already processed, read after {@link #planMode()}, the switch to cached
     * plans. A lone delivery whose statements take one id each keeps its own kind, which measured
     * faster at one sender (docs/benchmarks.md).
     */
    static final class Processed implements RoundTrip.Part {
        private final List<Delivery> batch;
        private final boolean lone;
        private Set<String> svixIds = Set.of();

        private Processed(List<Delivery> batch, boolean scalar) {
            this.batch = batch;
            this.lone = batch.size() == 1 && scalar;
        }

        boolean contains(String svixId) {
            return svixIds.contains(svixId);
        }

        /** How the transaction's statements are planned, set by its first statement. */
        PlanMode planMode() {
            return lone ? PlanMode.CACHED : PlanMode.GENERIC;
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
                svixIds = new HashSet<>(List.of((String[]) result.getArray(1).getArray()));
            }
        }
    }

    /**
     * The statement that records every delivery of the batch that is not a duplicate, whatever their
     * number; it turns {@code outcomes} to duplicates where another transaction recorded the svix-id
     * as processed meanwhile. Empty when there is nothing to record.
     */
    Optional<RoundTrip.Part> record(List<Delivery> batch, List<Outcome> outcomes, Instant now) {
        List<Integer> recorded = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) != Outcome.DUPLICATE) {
                recorded.add(i);
            }
        }
        return recorded.isEmpty() ? Optional.empty() : Optional.of(new Records(batch, outcomes, recorded, now));
    }

    private static final class Records implements RoundTrip.Part {
        private final List<Delivery> batch;
        private final List<Outcome> outcomes;
        private final List<Integer> recorded;
        private final Instant now;

        Records(List<Delivery> batch, List<Outcome> outcomes, List<Integer> recorded, Instant now) {
            this.batch = batch;
            this.outcomes = outcomes;
            this.recorded = recorded;
            this.now = now;
        }

        @Override
        public String sql() {
            return RECORD;
        }

        // The record of a failure must never fail itself, or the delivery could be neither applied
        // nor recorded: its text is stored without NULs. A failed delivery keeps its payload for
        // inspection; a processed one keeps none.
        @Override
        public int bind(PreparedStatement insert, int index) throws SQLException {
            int n = recorded.size();
            String[][] columns = new String[7][n];
            for (int j = 0; j < n; j++) {
                Delivery delivery = batch.get(recorded.get(j));
                ClerkEvent event = delivery.event();
                ClerkEvent.Malformed failed = event instanceof ClerkEvent.Malformed malformed ? malformed : null;
                columns[0][j] = delivery.svixId();
                columns[1][j] = StorableText.of(event.type());
                columns[2][j] = StorableText.of(event.objectId());
                columns[3][j] = outcomes.get(recorded.get(j)).label();
                columns[4][j] = failed == null ? null : StorableText.of(failed.reason());
                columns[5][j] = failed == null ? null : StorableText.of(new String(delivery.body(), StandardCharsets.UTF_8));
                columns[6][j] = delivery.receivedAt().toString();
            }
            int i = index;
            insert.setString(++i, now.toString());
            for (String[] column : columns) {
                insert.setArray(++i, SqlArrays.texts(insert.getConnection(), Arrays.asList(column)));
            }
            return i;
        }

        @Override
        public void read(Statement statement) throws SQLException {
            Set<String> inserted = new HashSet<>();
            try (ResultSet result = statement.getResultSet()) {
                while (result.next()) {
                    inserted.add(result.getString(1));
                }
            }
            for (int i : recorded) {
                if (!inserted.contains(batch.get(i).svixId())) {
                    outcomes.set(i, Outcome.DUPLICATE);
                }
            }
        }
    }

    /** The record of one svix-id. */
    Optional<Entry> find(String svixId) {
        return transactions.inTransaction(connection -> {
            List<Entry> found = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(FIND, (select, i) -> {
                select.setString(i + 1, svixId);
                return i + 1;
            }, result -> found.add(entry(result))));
            return found.stream().findFirst();
        });
    }

    /** The newest records, optionally of one outcome. */
    public List<Entry> recent(Optional<String> outcome, int limit) {
        boolean failed = outcome.filter("failed"::equals).isPresent();
        return transactions.inTransaction(connection -> {
            List<Entry> found = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(failed ? RECENT_FAILED : RECENT, (select, i) -> {
                int at = i;
                if (!failed) {
                    select.setString(++at, outcome.orElse(null));
                    select.setString(++at, outcome.orElse(null));
                }
                select.setInt(++at, limit);
                return at;
            }, result -> found.add(entry(result))));
            return found;
        });
    }

    /**
     * Deletes up to {@code limit} records received before {@code cutoff}, failed ones only when
     * received before {@code failedCutoff} too; answers how many went.
     */
    int purge(Instant cutoff, Instant failedCutoff, int limit) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(PURGE)) {
                delete.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                delete.setObject(2, failedCutoff.atOffset(ZoneOffset.UTC));
                delete.setInt(3, limit);
                return delete.executeUpdate();
            }
        });
    }

    /** The ids of the Clerk objects that failed deliveries are about: a replay of one could still need their tombstones. */
    List<String> failedObjectIds() {
        return transactions.inTransaction(connection -> {
            List<String> ids = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(FAILED_OBJECT_IDS, (select, i) -> i,
                    result -> ids.add(result.getString(1))));
            return ids;
        });
    }

    private static Entry entry(ResultSet result) throws SQLException {
        return new Entry(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                result.getString(5), result.getString(6), result.getInt(7), instant(result, 8), instant(result, 9));
    }

    private static Instant instant(ResultSet result, int index) throws SQLException {
        OffsetDateTime time = result.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
