package dev.clerksync.users;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Check-then-update of one user, inside the caller's transaction: the caller takes
 * {@link #lock} first, so the check and the update see no concurrent change to that user.
 */
public final class UserSync {

    private static final Logger LOG = LoggerFactory.getLogger(UserSync.class);
    private static final String FALLBACK_USERNAME = "user";

    private final UserRepository users = new UserRepository();
    private final RolePolicy roles;
    private final Clock clock;

    public UserSync(RolePolicy roles, Clock clock) {
        this.roles = roles;
        this.clock = clock;
    }

    /** Holds off every other change to this user until the transaction ends. */
    public void lock(Session session, String userId) {
        users.lock(session, userId);
    }

    /** Stores Clerk's state of a user unless the row or a tombstone is newer. */
    public SyncResult apply(Session session, ClerkUser clerk) {
        User user = users.find(session, clerk.id()).orElse(null);
        if (user == null ? isBuried(session, clerk) : user.isNewerThan(clerk.updatedAt())) {
            return SyncResult.STALE;
        }
        Instant now = clock.instant();
        String email = clerk.email();
        if (email != null && (user == null || !email.equalsIgnoreCase(user.getEmail()))) {
            email = claimEmail(session, clerk, now);
        }
        String username = username(session, user, clerk);
        if (user == null) {
            user = new User(clerk.id(), now);
            user.mirror(clerk, email, username, roles.roleOf(clerk), now);
            session.persist(user);
        } else {
            user.mirror(clerk, email, username, roles.roleOf(clerk), now);
        }
        return SyncResult.APPLIED;
    }

    /** Stores a provisional row unless the user has a row or was deleted; answers the row, if any. */
    public Optional<User> applyProvisional(Session session, String userId) {
        Optional<User> existing = users.find(session, userId);
        if (existing.isPresent() || users.tombstone(session, userId).isPresent()) {
            return existing;
        }
        Instant now = clock.instant();
        User user = User.provisional(userId, users.uniqueUsername(session, FALLBACK_USERNAME, userId),
                roles.defaultRole(), now);
        session.persist(user);
        return Optional.of(user);
    }

    /** Deletes the user (dependent rows cascade) and keeps a tombstone at {@code deletedAt}. */
    public SyncResult delete(Session session, String userId, Instant deletedAt) {
        users.delete(session, userId);
        users.recordTombstone(session, userId, deletedAt, clock.instant());
        return SyncResult.APPLIED;
    }

    private boolean isBuried(Session session, ClerkUser clerk) {
        return users.tombstone(session, clerk.id()).map(t -> t.buries(clerk.updatedAt())).orElse(false);
    }

    /**
     * Clerk keeps emails unique among live users, so when another row holds this email one of the
     * two is out of date: the older Clerk version gives it up. Usually that is the other row; when
     * this event is the older one (a late delivery), this user is stored without the email until
     * its newer state arrives. Answers the email to store.
     */
    private String claimEmail(Session session, ClerkUser clerk, Instant now) {
        UserRepository.EmailClaim claim = users.claimEmail(session, clerk.email(), clerk.id(), clerk.updatedAt(), now);
        for (String holder : claim.releasedFrom()) {
            LOG.warn("Email of user {} cleared: user {} holds it in a newer Clerk state; {} is stale until its next event",
                    holder, clerk.id(), holder);
        }
        if (claim.granted()) {
            return clerk.email();
        }
        LOG.warn("User {} stored without its email: user {} holds it in a newer Clerk state",
                clerk.id(), claim.newerHolders().get(0));
        return null;
    }

    /** Keeps the current username while it still derives from the same base, else finds a free one. */
    private String username(Session session, User user, ClerkUser clerk) {
        String base = usernameBase(clerk);
        if (user != null && derivesFrom(user.getUsername(), base)) {
            return user.getUsername();
        }
        return users.uniqueUsername(session, base, clerk.id());
    }

    static String usernameBase(ClerkUser clerk) {
        if (clerk.username() != null && !clerk.username().isBlank()) {
            return clerk.username().trim();
        }
        String localPart = User.localPart(clerk.email());
        return localPart == null ? FALLBACK_USERNAME : localPart;
    }

    private static boolean derivesFrom(String username, String base) {
        if (username == null || !username.regionMatches(true, 0, base, 0, base.length())) {
            return false;
        }
        String suffix = username.substring(base.length());
        return suffix.isEmpty() || suffix.chars().allMatch(Character::isDigit);
    }
}
