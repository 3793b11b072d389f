package dev.clerksync.webhook;

import dev.clerksync.http.ConflictException;
import dev.clerksync.http.NotFoundException;
import dev.clerksync.persistence.GroupCommit;
import dev.clerksync.persistence.Transactions;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;

/**
 * Applies a recorded failed delivery's stored payload again, through the same group commit as a
 * delivery from Svix: for after a fix is deployed, when Svix has long stopped retrying a 400. The
 * duplicate check, the ordering guard and the tombstones hold as for any delivery, and the record's
 * outcome and attempts are updated by the same statement.
 */
public final class WebhookReplay {

    private static final String RECORD = """
            select outcome, payload, received_at from webhook_events where svix_id = ?""";

    private final Transactions transactions;
    private final GroupCommit<Delivery, Outcome> commits;

    public WebhookReplay(Transactions transactions, GroupCommit<Delivery, Outcome> commits) {
        this.transactions = transactions;
        this.commits = commits;
    }

    /**
     * @return the new outcome; {@link Outcome#FAILED} when the payload is still no usable event
     * @throws NotFoundException for an unknown svix-id
     * @throws ConflictException when the record is not a failed one
     */
    public Outcome replay(String svixId) {
        Delivery delivery = transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(RECORD)) {
                select.setString(1, svixId);
                try (ResultSet record = select.executeQuery()) {
                    if (!record.next()) {
                        throw new NotFoundException("no delivery recorded with svix-id " + svixId);
                    }
                    if (!Outcome.FAILED.label().equals(record.getString(1))) {
                        throw new ConflictException("delivery " + svixId + " is " + record.getString(1)
                                + ", not failed: there is nothing to replay");
                    }
                    byte[] body = record.getString(2).getBytes(StandardCharsets.UTF_8);
                    return new Delivery(svixId, body, ClerkEvent.read(body),
                            record.getObject(3, OffsetDateTime.class).toInstant());
                }
            }
        });
        return commits.submit(delivery, Webhooks.COMMIT_WAIT).result();
    }
}
