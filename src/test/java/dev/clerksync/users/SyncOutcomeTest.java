package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.sync.SyncOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a change did to its row: decided from the row before and after it, in memory. */
class SyncOutcomeTest {

    private static final Instant WRITTEN = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final RolePolicy ROLES = new RolePolicy(Set.of("admin", "user"), "user");

    private final List<UserRow> stored = new ArrayList<>();
    private final Map<String, Instant> tombstones = new HashMap<>();

    @Test
    void userWithoutARowIsCreated() {
        assertEquals(SyncOutcome.CREATED, outcome(mirror(clerk("user_a", 10, "{}"))));
    }

    @Test
    void sameVersionWrittenAgainIsUnchanged() {
        store(clerk("user_a", 10, "{\"role\":\"admin\",\"plan\":\"pro\"}"));

        assertEquals(SyncOutcome.UNCHANGED, outcome(mirror(clerk("user_a", 10, "{\"role\":\"admin\",\"plan\":\"pro\"}"))));
    }

    @Test
    void metadataAsPostgresqlSpellsItIsTheSameMetadata() {
        store(clerk("user_a", 10, "{\"plan\": \"pro\", \"role\": \"admin\"}"));

        assertEquals(SyncOutcome.UNCHANGED, outcome(mirror(clerk("user_a", 10, "{\"role\":\"admin\",\"plan\":\"pro\"}"))));
    }

    @Test
    void newerVersionWithOtherMetadataIsUpdated() {
        store(clerk("user_a", 10, "{\"role\":\"admin\"}"));

        assertEquals(SyncOutcome.UPDATED, outcome(mirror(clerk("user_a", 11, "{\"role\":\"user\"}"))));
    }

    @Test
    void newerVersionWithNothingElseChangedIsUpdated() {
        store(clerk("user_a", 10, "{}"));

        assertEquals(SyncOutcome.UPDATED, outcome(mirror(clerk("user_a", 11, "{}"))));
    }

    @Test
    void olderVersionThanTheRowIsStale() {
        store(clerk("user_a", 10, "{\"role\":\"admin\"}"));

        assertEquals(SyncOutcome.STALE, outcome(mirror(clerk("user_a", 9, "{\"role\":\"user\"}"))));
    }

    @Test
    void versionBuriedByATombstoneIsStale() {
        tombstones.put("user_a", Instant.ofEpochMilli(50));

        assertEquals(SyncOutcome.STALE, outcome(mirror(clerk("user_a", 40, "{}"))));
    }

    @Test
    void provisionalRowReplacedByClerksStateIsUpdated() {
        stored.add(UserRow.provisional("user_a", "user", "user", WRITTEN));

        assertEquals(SyncOutcome.UPDATED, outcome(mirror(clerk("user_a", 1, "{}"))));
    }

    @Test
    void deletingARowIsDeleted() {
        store(clerk("user_a", 10, "{}"));

        assertEquals(SyncOutcome.DELETED, outcome(new UserChange.Delete("user_a", NOW)));
    }

    @Test
    void deletingAUserWithoutARowIsUnchanged() {
        assertEquals(SyncOutcome.UNCHANGED, outcome(new UserChange.Delete("user_a", NOW)));
    }

    private SyncOutcome outcome(UserChange change) {
        SyncState state = new SyncState(ROLES, NOW, stored, tombstones, Map.of());
        return state.apply(change).outcome();
    }

    private void store(ClerkUser user) {
        stored.add(UserRow.mirror(user, user.email(), user.username(), ROLES.roleOf(user), WRITTEN, WRITTEN));
    }

    private static UserChange mirror(ClerkUser user) {
        return new UserChange.Mirror(user);
    }

    private static ClerkUser clerk(String id, long updatedAtMillis, String metadata) {
        String role = metadata.contains("\"admin\"") ? "admin" : metadata.contains("\"user\"") ? "user" : null;
        return new ClerkUser(id, id + "@example.com", null, id, "Ada", "Lovelace", null, metadata, role, false,
                null, Instant.ofEpochMilli(1), Instant.ofEpochMilli(updatedAtMillis));
    }
}
