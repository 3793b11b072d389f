package dev.clerksync.organizations;

import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.sync.ChangeBatch;
import dev.clerksync.sync.Sync;
import dev.clerksync.sync.SyncOutcome;
import dev.clerksync.users.UserRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The one way into the rules for organizations and memberships: the webhook's batches, the
 * delegated role endpoint and reconcile each go through an {@link OrganizationBatch} inside their
 * own transaction. The webhook sends a batch's statements in round trips of its own; everyone else
 * asks {@link #apply} or {@link #decide}, which send them alone.
 */
public final class OrganizationSync implements Sync<OrganizationChange> {

    private final OrganizationRepository organizations;
    private final UserRepository users;

    public OrganizationSync(OrganizationRepository organizations, UserRepository users) {
        this.organizations = organizations;
        this.users = users;
    }

    @Override
    public ChangeBatch<OrganizationChange> batch(List<OrganizationChange> candidates) {
        return new OrganizationBatch(organizations, users, candidates);
    }

    /** Locks what the changes name, applies them in order and writes them: answers what each did. */
    public List<SyncOutcome> apply(Connection connection, List<OrganizationChange> changes) throws SQLException {
        return run(connection, changes, true);
    }

    /** The same without writing (a dry run): answers what each change would do. */
    public List<SyncOutcome> decide(Connection connection, List<OrganizationChange> changes) throws SQLException {
        return run(connection, changes, false);
    }

    private List<SyncOutcome> run(Connection connection, List<OrganizationChange> changes, boolean write)
            throws SQLException {
        if (changes.isEmpty()) {
            return List.of();
        }
        ChangeBatch<OrganizationChange> batch = batch(changes);
        RoundTrip.run(connection, batch.read());
        List<SyncOutcome> outcomes = batch.decide(connection, changes);
        if (write) {
            RoundTrip.run(connection, batch.write());
        }
        return outcomes;
    }
}
