package dev.clerksync.webhook;

import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import dev.clerksync.persistence.StorableText;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statement that records a batch's deliveries in {@code webhook_events}, whatever their number.
 * A failed record is overwritten by a retry of the same svix-id; a processed one never is, and a
 * delivery whose svix-id another transaction recorded as processed meanwhile becomes a duplicate.
 */
final class DeliveryRecords implements RoundTrip.Part {

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

    private final List<Delivery> batch;
    private final List<Outcome> outcomes;
    private final Instant now;
    private final List<Integer> recorded = new ArrayList<>();

    /** Records every delivery of the batch that is not a duplicate; turns {@code outcomes} to duplicates as it finds them. */
    DeliveryRecords(List<Delivery> batch, List<Outcome> outcomes, Instant now) {
        this.batch = batch;
        this.outcomes = outcomes;
        this.now = now;
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) != Outcome.DUPLICATE) {
                recorded.add(i);
            }
        }
    }

    /** Whether there is anything to record. */
    boolean isEmpty() {
        return recorded.isEmpty();
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
            columns[2][j] = StorableText.of(event.userId());
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
