package dev.clerksync.users;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

/** Queries on {@code users} and {@code user_tombstones}, inside the caller's transaction. */
final class UserRepository {

    // Long enough for any real username or email local part, short enough to keep suffixes readable.
    private static final int MAX_USERNAME_BASE = 64;
    private static final String LOCK_USER = "select pg_advisory_xact_lock(hashtextextended(?, 0))";

    /**
     * Serialises every change to one user, across threads and across Tomcat nodes sharing the
     * database, until the transaction ends. Unlike a row lock it also covers users that have no
     * row yet, so a create racing a delete cannot slip between them.
     */
    void lock(Session session, String userId) {
        // Plain JDBC: Hibernate would re-plan this native query on every call (a cache that
        // never hit cost about 5 % of a delivery's CPU), and there is no result to map.
        session.doWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(LOCK_USER)) {
                lock.setString(1, userId);
                lock.execute();
            }
        });
    }

    Optional<User> find(Session session, String userId) {
        return Optional.ofNullable(session.find(User.class, userId));
    }

    Optional<UserTombstone> tombstone(Session session, String userId) {
        return Optional.ofNullable(session.find(UserTombstone.class, userId));
    }

    /**
     * Settles who holds {@code email}: other rows holding it with an older Clerk version (or none)
     * lose it; rows with a newer version keep it. One statement, one round trip.
     */
    EmailClaim claimEmail(Session session, String email, String claimantId, Instant version, Instant now) {
        List<Object[]> rows = session.createNativeQuery("""
                        with released as (
                            update users set email = null, updated_at = :now
                            where lower(email) = lower(:email) and id <> :claimant
                              and (provisional or clerk_updated_at is null or clerk_updated_at <= :version)
                            returning id, false as newer)
                        select id, newer from released
                        union all
                        select id, true from users
                        where lower(email) = lower(:email) and id <> :claimant
                          and not (provisional or clerk_updated_at is null or clerk_updated_at <= :version)""",
                        Object[].class)
                .setParameter("now", now)
                .setParameter("email", email)
                .setParameter("claimant", claimantId)
                .setParameter("version", version)
                .getResultList();
        List<String> released = rows.stream().filter(row -> !(Boolean) row[1]).map(row -> (String) row[0]).toList();
        List<String> newerHolders = rows.stream().filter(row -> (Boolean) row[1]).map(row -> (String) row[0]).toList();
        return new EmailClaim(released, newerHolders);
    }

    /** The outcome of {@link #claimEmail}: whose email was cleared, and who kept it as the newer holder. */
    record EmailClaim(List<String> releasedFrom, List<String> newerHolders) {
        boolean granted() {
            return newerHolders.isEmpty();
        }
    }

    /** {@code base}, or {@code base} with the smallest numeric suffix no other user has. */
    String uniqueUsername(Session session, String base, String userId) {
        String trimmed = base.length() > MAX_USERNAME_BASE ? base.substring(0, MAX_USERNAME_BASE) : base;
        String lowered = trimmed.toLowerCase(Locale.ROOT);
        Set<String> taken = new HashSet<>(session.createNativeQuery("""
                        select lower(username) from users
                        where lower(username) like :prefix escape '\\' and id <> :id""", String.class)
                .setParameter("prefix", escapeLike(lowered) + "%")
                .setParameter("id", userId)
                .getResultList());
        if (!taken.contains(lowered)) {
            return trimmed;
        }
        for (int suffix = 2; ; suffix++) {
            if (!taken.contains(lowered + suffix)) {
                return trimmed + suffix;
            }
        }
    }

    void delete(Session session, String userId) {
        session.createMutationQuery("delete from User where id = :id")
                .setParameter("id", userId)
                .executeUpdate();
    }

    /** Keeps the latest deletion time when a user is deleted more than once. */
    void recordTombstone(Session session, String userId, Instant deletedAt, Instant now) {
        session.createNativeMutationQuery("""
                        insert into user_tombstones (user_id, deleted_at, recorded_at) values (:id, :deletedAt, :now)
                        on conflict (user_id) do update
                        set deleted_at = greatest(user_tombstones.deleted_at, excluded.deleted_at)""")
                .setParameter("id", userId)
                .setParameter("deletedAt", deletedAt)
                .setParameter("now", now)
                .executeUpdate();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
