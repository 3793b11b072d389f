package dev.clerksync.webhook;

import dev.clerksync.persistence.GroupCommit;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.TransactionStart;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.sync.ChangeBatch;
import dev.clerksync.sync.Sync;
import dev.clerksync.sync.SyncOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook's unit of work: a batch of verified deliveries in one transaction. It finds the
 * svix-ids already processed, locks and reads what the batch's changes name, kind by kind, applies
 * the rest through each kind's {@link ChangeBatch} in arrival order and records every delivery; the
 * changes, tombstones and records of the batch commit together or not at all. A batch never holds
 * one svix-id twice ({@link GroupCommit} keys batches by it).
 */
final class DeliveryTransaction implements GroupCommit.BatchWork<Delivery, Outcome> {

    private final Transactions transactions;
    private final EventTypes events;
    private final WebhookEventRepository records;
    private final Clock clock;

    DeliveryTransaction(Transactions transactions, EventTypes events, WebhookEventRepository records, Clock clock) {
        this.transactions = transactions;
        this.events = events;
        this.records = records;
        this.clock = clock;
    }

    @Override
    public List<Outcome> apply(List<Delivery> batch) {
        return transactions.inTransaction((connection, start) -> apply(connection, start, batch));
    }

    // Two round trips whatever the batch's size: the processed svix-ids, the locks and the rows the
    // rules need; then the writes, the records and the commit.
    private List<Outcome> apply(Connection connection, TransactionStart start, List<Delivery> batch)
            throws SQLException {
        List<Kind<?>> kinds = kinds(batch);
        WebhookEventRepository.Processed processed = records.processed(batch,
                kinds.size() == 1 && kinds.get(0).batch.scalar());
        List<RoundTrip.Part> reads = new ArrayList<>(List.of(start.statement(processed.planMode()), processed));
        kinds.forEach(kind -> reads.addAll(kind.batch.read()));
        RoundTrip.run(connection, reads);

        SyncOutcome[] own = new SyncOutcome[batch.size()];
        for (Kind<?> kind : kinds) {
            kind.decide(connection, processed, batch, own);
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            outcomes.add(outcome(batch.get(i), processed, own[i]));
        }

        List<RoundTrip.Part> writes = new ArrayList<>();
        kinds.forEach(kind -> writes.addAll(kind.batch.write()));
        records.record(batch, outcomes, clock.instant()).ifPresent(writes::add);
        writes.add(RoundTrip.COMMIT);
        RoundTrip.run(connection, writes);
        return outcomes;
    }

    /** A delivery's outcome: its own change's, unless it is a duplicate or changes nothing. */
    private static Outcome outcome(Delivery delivery, WebhookEventRepository.Processed processed, SyncOutcome own) {
        if (processed.contains(delivery.svixId())) {
            return Outcome.DUPLICATE;
        }
        if (own != null) {
            return Outcome.of(own);
        }
        return delivery.event() instanceof ClerkEvent.Malformed ? Outcome.FAILED : Outcome.IGNORED;
    }

    /** The kinds the batch's changes belong to, in lock order, each with its changes in arrival order. */
    private List<Kind<?>> kinds(List<Delivery> batch) {
        Map<Sync<?>, Kind<?>> bySync = new IdentityHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).event() instanceof ClerkEvent.Changes event) {
                boolean first = true;
                for (SyncChange<?> change : event.changes()) {
                    add(bySync, change, i, first);
                    first = false;
                }
            }
        }
        List<Kind<?>> kinds = new ArrayList<>(bySync.values());
        kinds.sort(Comparator.comparingInt(kind -> events.lockOrder(kind.sync)));
        kinds.forEach(Kind::start);
        return kinds;
    }

    private static <C> void add(Map<Sync<?>, Kind<?>> bySync, SyncChange<C> change, int delivery, boolean own) {
        // Each kind is keyed by its own sync, so the kind found is one of changes of C.
        @SuppressWarnings("unchecked")
        Kind<C> kind = (Kind<C>) bySync.computeIfAbsent(change.sync(), sync -> new Kind<>(change.sync()));
        kind.add(change.change(), delivery, own);
    }

    /** One kind's changes in the batch: which delivery asked for each, and whether it was that delivery's own. */
    private static final class Kind<C> {
        private final Sync<C> sync;
        private final List<C> changes = new ArrayList<>();
        private final List<Integer> deliveries = new ArrayList<>();
        private final List<Boolean> own = new ArrayList<>();
        private ChangeBatch<C> batch;

        Kind(Sync<C> sync) {
            this.sync = sync;
        }

        void add(C change, int delivery, boolean ownChange) {
            changes.add(change);
            deliveries.add(delivery);
            own.add(ownChange);
        }

        void start() {
            batch = sync.batch(changes);
        }

        /** Decides the changes of the deliveries that are no duplicates; sets the outcome of each delivery's own. */
        void decide(Connection connection, WebhookEventRepository.Processed processed, List<Delivery> batchDeliveries,
                SyncOutcome[] ownOutcomes) throws SQLException {
            List<C> applied = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                if (!processed.contains(batchDeliveries.get(deliveries.get(i)).svixId())) {
                    applied.add(changes.get(i));
                    at.add(i);
                }
            }
            if (applied.isEmpty()) {
                return;
            }
            List<SyncOutcome> outcomes = batch.decide(connection, applied);
            for (int j = 0; j < at.size(); j++) {
                int i = at.get(j);
                if (own.get(i)) {
                    ownOutcomes[deliveries.get(i)] = outcomes.get(j);
                }
            }
        }
    }
}
