package dev.clerksync.users;

import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.sync.ChangeBatch;
import dev.clerksync.sync.SyncOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users' side of one transaction that applies a batch of changes: {@link #read()} locks and
 * loads the users the candidate changes name, {@link #decide} applies the changes in memory
 * ({@link SyncState}), {@link #write()} writes what they decided.
 */
final class UserBatch implements ChangeBatch<UserChange> {

    private final RolePolicy roles;
    private final Instant now;
    private final UserRepository users;
    private final Set<String> ids = new LinkedHashSet<>();
    private final UserRepository.Load load;
    private final boolean scalar;
    private final Map<String, Map<String, String>> usernamesByPrefix = new HashMap<>();
    private SyncState state;

    /** @param candidates every change the batch may apply: their users are locked and loaded */
    UserBatch(RolePolicy roles, Instant now, UserRepository users, List<UserChange> candidates) {
        this.roles = roles;
        this.now = now;
        this.users = users;
        candidates.forEach(change -> ids.add(change.userId()));
        this.load = users.load(ids, SyncState.emailKeys(candidates), SyncState.usernameKeys(candidates));
        // One create or update: one id per statement, unless it takes an email from another user.
        this.scalar = load.scalar() && candidates.size() == 1 && candidates.get(0) instanceof UserChange.Mirror;
    }

    /** The candidates' locks, then their rows and tombstones, in that order in one round trip. */
    @Override
    public List<RoundTrip.Part> read() {
        return List.of(users.lock(ids), load);
    }

    @Override
    public List<SyncOutcome> decide(Connection connection, List<UserChange> changes) throws SQLException {
        List<SyncOutcome> outcomes = new ArrayList<>(changes.size());
        for (SyncState.Change change : changes(connection, changes)) {
            outcomes.add(change.outcome());
        }
        return outcomes;
    }

    /**
     * Decides the changes over what was loaded, each after those before it. A username already taken
     * needs the stored rows holding its suffixes: they are read (one query more) and every change is
     * decided again, so that the decisions themselves never wait for the database.
     */
    List<SyncState.Change> changes(Connection connection, List<UserChange> changes) throws SQLException {
        while (true) {
            state = new SyncState(roles, now, load.rows(), load.tombstones(), usernamesByPrefix);
            List<SyncState.Change> done = new ArrayList<>(changes.size());
            for (UserChange change : changes) {
                done.add(state.apply(change));
            }
            if (state.missingPrefixes().isEmpty()) {
                return done;
            }
            for (String prefix : state.missingPrefixes()) {
                usernamesByPrefix.put(prefix, users.usernameKeysWithPrefix(connection, prefix));
            }
        }
    }

    @Override
    public List<RoundTrip.Part> write() {
        return state == null ? List.of() : users.write(state.writes());
    }

    @Override
    public boolean scalar() {
        return scalar;
    }
}
