package dev.clerksync.webhook;

import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.persistence.GroupCommit;
import dev.clerksync.persistence.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/** Builds the webhook's group commit, for the composition root. */
public final class Webhooks {

    /**
     * What a svix-id may be: the webhook refuses any other, so nothing else is ever recorded or
     * replayed. Svix's ids are msg_ and 27 letters or digits; the bound keeps any id far below the
     * 2.7 KB a PostgreSQL btree entry can hold, and printable ASCII keeps it readable in logs and paths.
     */
    public static final Pattern SVIX_ID = Pattern.compile("[\\x21-\\x7E]{1,256}");

    // Enough to absorb a burst on a few cores, small enough to keep one transaction short.
    static final int MAX_BATCH = 64;
    // Each waiting delivery holds its body (up to 1 MiB) and a request thread: beyond this many, one
    // more is answered 503 at once instead of waiting, so a burst cannot exhaust the heap. Tomcat's
    // default 200 request threads stay below it; a connector configured for more threads meets it.
    static final int MAX_QUEUED = 256;
    // Svix gives up on an answer after 15 s; a delivery still uncommitted by then is answered 503.
    static final Duration COMMIT_WAIT = Duration.ofSeconds(10);

    private Webhooks() {
    }

    public static GroupCommit<Delivery, Outcome> groupCommit(int writers, Transactions transactions, EventTypes events,
            WebhookEventRepository records, Clock clock, SyncMetrics metrics) {
        return new GroupCommit<>("clerk-sync-webhook-writer", writers, MAX_BATCH, MAX_QUEUED, Delivery::svixId,
                new DeliveryTransaction(transactions, events, records, clock), metrics::batchCommitted);
    }
}
