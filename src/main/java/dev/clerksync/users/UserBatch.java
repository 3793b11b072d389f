package dev.clerksync.users;

import dev.clerksync.persistence.RoundTrip;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The users' side of one transaction that applies a batch of changes, in steps whose statements
 * the caller sends in round trips of its own, next to statements of its own: {@link #lock()} and
 * {@link #load()} the users the candidate changes name, {@link #apply} the changes in memory,
 * then {@link #write()} what they decided.
 */
public final class UserBatch {

    private final RolePolicy roles;
    private final Instant now;
    private final Set<String> ids = new LinkedHashSet<>();
    private final UserLoad load;
    private SyncState state;

    /** @param candidates every change the batch may apply: their users are locked and loaded */
    UserBatch(RolePolicy roles, Instant now, List<UserChange> candidates) {
        this.roles = roles;
        this.now = now;
        candidates.forEach(change -> ids.add(change.userId()));
        this.load = new UserLoad(ids, SyncState.emailKeys(candidates), SyncState.usernameKeys(candidates));
    }

    /**
     * Holds off every other change to the candidates' users until the transaction ends; in a round
     * trip before {@link #load()}, or in the same one ahead of it.
     */
    public RoundTrip.Part lock() {
        return UserRows.lock(ids);
    }

    /** Reads the rows and tombstones the candidates' rules can meet. */
    public RoundTrip.Part load() {
        return load;
    }

    /**
     * Decides one change (a candidate, in arrival order) over what was loaded and the changes
     * before it: answers what it does.
     */
    public SyncResult apply(Connection connection, UserChange change) throws SQLException {
        return decide(connection, change).result();
    }

    SyncState.Change decide(Connection connection, UserChange change) throws SQLException {
        if (state == null) {
            // A username already taken asks for the rows holding its suffixes: one query more.
            state = new SyncState(roles, now, load.rows(), load.tombstones(),
                    prefix -> UserRows.usernameKeysWithPrefix(connection, prefix));
        }
        return state.apply(change);
    }

    /** What the changes decided, as the statements of one round trip: none when nothing changes. */
    public List<RoundTrip.Part> write() {
        return state == null ? List.of() : UserWrites.write(state.writes());
    }
}
