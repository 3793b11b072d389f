package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.sync.SyncOutcome;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sync rules, decided in memory: no database, milliseconds per test. */
class SyncStateTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final RolePolicy ROLES = new RolePolicy(Set.of("admin", "user"), "user");

    private final List<UserRow> stored = new ArrayList<>();
    private final Map<String, Instant> tombstones = new HashMap<>();
    private final Map<String, String> storedUsernameKeys = new HashMap<>();
    private final List<String> prefixLookups = new ArrayList<>();
    private SyncState state;

    @Test
    void newUserGetsUsernameDisplayNameAndRoleFromClerk() {
        SyncState.Change change = apply(clerk("user_a", 10).email("Ada@Example.com").names("Ada", "Lovelace")
                .role("admin").change());

        assertTrue(change.outcome().applied());
        assertEquals("Ada", change.after().username());
        assertEquals("Ada Lovelace", change.after().displayName());
        assertEquals("admin", change.after().role());
        assertEquals(NOW, change.after().createdAt());
    }

    @Test
    void roleOutsideTheAllowedOnesBecomesTheDefaultRole() {
        assertEquals("user", apply(clerk("user_a", 10).role("root").change()).after().role());
    }

    @Test
    void olderVersionThanTheStoredRowIsStaleAndChangesNothing() {
        store(clerk("user_a", 20).email("a@example.com").build());

        SyncState.Change change = apply(clerk("user_a", 10).email("old@example.com").change());

        assertEquals(SyncOutcome.STALE, change.outcome());
        assertEquals(List.of(), state.writes().upserts());
    }

    @Test
    void sameVersionAsTheStoredRowIsAppliedAgainButWritesNothing() {
        store(clerk("user_a", 20).build());

        assertTrue(apply(clerk("user_a", 20).change()).outcome().applied());
        assertTrue(state.writes().isEmpty());
        assertEquals(List.of(), state.writes().notifications());
    }

    @Test
    void everyRowChangeIsAnnouncedOnceWithItsKind() {
        store(clerk("user_updated", 10).build());
        store(clerk("user_deleted", 10).build());
        store(clerk("user_stale", 30).build());
        start();

        state.apply(clerk("user_created", 10).change());
        state.apply(clerk("user_updated", 20).names("New", null).change());
        state.apply(clerk("user_updated", 25).names("Newer", null).change());
        state.apply(new UserChange.Delete("user_deleted", Instant.ofEpochMilli(40)));
        state.apply(clerk("user_stale", 20).change());

        assertEquals(List.of(new SyncWrites.Notification("user_created", "created"),
                        new SyncWrites.Notification("user_updated", "updated"),
                        new SyncWrites.Notification("user_deleted", "deleted")),
                state.writes().notifications());
    }

    @Test
    void provisionalRowTakesAnyVersion() {
        stored.add(UserRow.provisional("user_a", "user", "user", NOW));

        SyncState.Change change = apply(clerk("user_a", 1).names("Ada", null).change());

        assertTrue(change.outcome().applied());
        assertEquals(false, change.after().provisional());
    }

    @Test
    void tombstoneBuriesVersionsUpToTheDeletion() {
        tombstones.put("user_a", Instant.ofEpochMilli(50));

        assertEquals(SyncOutcome.STALE, apply(clerk("user_a", 50).change()).outcome());
    }

    @Test
    void versionAfterTheTombstoneIsApplied() {
        tombstones.put("user_a", Instant.ofEpochMilli(50));

        assertTrue(apply(clerk("user_a", 51).change()).outcome().applied());
    }

    @Test
    void deleteRemovesTheStoredRowAndKeepsTheLaterTombstone() {
        store(clerk("user_a", 10).build());
        tombstones.put("user_a", Instant.ofEpochMilli(90));

        SyncState.Change change = apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(60)));

        assertTrue(change.outcome().applied());
        assertNull(change.after());
        assertEquals(List.of("user_a"), state.writes().deletes());
        assertEquals(Instant.ofEpochMilli(60), state.writes().tombstones().get("user_a"));
    }

    @Test
    void changesForOneUserInOneBatchApplyInArrivalOrder() {
        start();
        List<SyncOutcome> results = List.of(
                state.apply(clerk("user_a", 10).change()).outcome(),
                state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(20))).outcome(),
                state.apply(clerk("user_a", 15).change()).outcome());

        assertEquals(List.of(SyncOutcome.CREATED, SyncOutcome.DELETED, SyncOutcome.STALE), results);
        assertEquals(List.of(), state.writes().upserts(), "created and deleted in one batch: no row to write");
        assertEquals(List.of(), state.writes().deletes(), "nothing stored to delete");
        assertEquals(Set.of("user_a"), state.writes().tombstones().keySet());
    }

    @Test
    void eachTouchedUserIsWrittenOnceWithItsLastState() {
        start();
        state.apply(clerk("user_a", 10).names("First", null).change());
        state.apply(clerk("user_a", 30).names("Third", null).change());
        state.apply(clerk("user_a", 20).names("Second", null).change());

        List<UserRow> upserts = state.writes().upserts();
        assertEquals(1, upserts.size());
        assertEquals("Third", upserts.get(0).firstName());
    }

    @Test
    void emailHeldByAnOlderStateMovesToTheNewerUser() {
        store(clerk("user_old", 10).email("shared@example.com").build());

        SyncState.Change change = apply(clerk("user_new", 20).email("Shared@Example.com").change());

        assertEquals("Shared@Example.com", change.after().email());
        assertEquals(List.of(new SyncWrites.EmailRelease("user_old", "shared@example.com", Instant.ofEpochMilli(20))),
                state.writes().releases(), "taken on condition from a user outside the batch, not by a full row");
        assertTrue(state.writes().upserts().stream().noneMatch(row -> row.id().equals("user_old")));
    }

    @Test
    void emailHeldByANewerStateIsWithheldFromALateDelivery() {
        store(clerk("user_holder", 30).email("shared@example.com").build());

        SyncState.Change change = apply(clerk("user_late", 20).email("shared@example.com").change());

        assertNull(change.after().email());
        assertTrue(state.writes().upserts().stream().noneMatch(row -> row.id().equals("user_holder")),
                "the holder keeps its row untouched");
    }

    @Test
    void usersTradingEmailsInOneBatchEndWithEachOthersEmail() {
        store(clerk("user_a", 10).email("a@example.com").build());
        store(clerk("user_b", 10).email("b@example.com").build());
        start();

        state.apply(clerk("user_a", 20).email("b@example.com").change());
        state.apply(clerk("user_b", 20).email("a@example.com").change());

        assertEquals("b@example.com", row("user_a").email());
        assertEquals("a@example.com", row("user_b").email());
    }

    @Test
    void takenUsernameGetsTheSmallestFreeSuffix() {
        store(clerk("user_1", 10).username("ada").build());
        storedUsernameKeys.put("user_1", "ada");
        storedUsernameKeys.put("user_2", "ada2");
        storedUsernameKeys.put("user_4", "ada4");

        assertEquals("Ada3", apply(clerk("user_new", 10).username("Ada").change()).after().username());
    }

    @Test
    void usernameTakenEarlierInTheBatchIsNotGivenTwice() {
        start();

        String first = state.apply(clerk("user_a", 10).email("ada@a.example").change()).after().username();
        String second = state.apply(clerk("user_b", 10).email("ada@b.example").change()).after().username();

        assertEquals("ada", first);
        assertEquals("ada2", second);
    }

    @Test
    void usernameFreedEarlierInTheBatchCanBeTaken() {
        store(clerk("user_a", 10).username("grace").build());
        start();

        state.apply(clerk("user_a", 20).username("hopper").change());

        assertEquals("grace", state.apply(clerk("user_b", 10).username("grace").change()).after().username());
    }

    @Test
    void usernameIsKeptWhileItDerivesFromTheSameBase() {
        stored.add(UserRow.mirror(clerk("user_a", 10).username("ada").build(), null, "ada7", "user", NOW, NOW));

        assertEquals("ada7", apply(clerk("user_a", 20).username("ADA").names("New", null).change()).after().username());
    }

    @Test
    void usernameFallsBackToTheEmailLocalPartThenToUser() {
        start();

        assertEquals("grace", state.apply(clerk("user_a", 10).email("grace@example.com").change()).after().username());
        assertEquals("user", state.apply(clerk("user_b", 10).change()).after().username());
    }

    @Test
    void usernamesDifferingOnlyInCaseFoldingCollide() {
        start();

        state.apply(clerk("user_a", 10).username("ΣΣΣ").change());

        assertEquals("σσς2", state.apply(clerk("user_b", 10).username("σσς").change()).after().username());
    }

    @Test
    void provisionalRowIsStoredOnlyForAnUnknownLiveUser() {
        tombstones.put("user_gone", Instant.ofEpochMilli(5));
        start();

        SyncState.Change fresh = state.apply(new UserChange.Provisional("user_new"));
        SyncState.Change gone = state.apply(new UserChange.Provisional("user_gone"));

        assertEquals("New User", fresh.after().displayName());
        assertTrue(fresh.after().provisional());
        assertEquals(SyncOutcome.STALE, gone.outcome());
        assertNull(gone.after());
    }

    @Test
    void aSecondAdaGetsTheSmallestFreeSuffixWhateverTheCase() {
        store(clerk("user_1", 10).username("ada").build());
        storedUsernameKeys.put("user_1", "ada");

        assertEquals("ADA2", apply(clerk("user_new", 10).username("ADA").change()).after().username());
    }

    @Test
    void suffixHeldInAnotherCaseIsTaken() {
        store(clerk("user_1", 10).username("ada").build());
        storedUsernameKeys.put("user_1", "ada");
        storedUsernameKeys.put("user_2", "ada2");

        assertEquals("Ada3", apply(clerk("user_new", 10).username("Ada").change()).after().username());
    }

    @Test
    void freeBaseIsGivenWithoutLookingForSuffixes() {
        store(clerk("user_1", 10).username("grace").build());

        apply(clerk("user_new", 10).username("ada").change());

        assertEquals(List.of(), prefixLookups);
    }

    @Test
    void takenBaseIsLookedUpByItsFoldedKey() {
        store(clerk("user_1", 10).username("ada").build());

        apply(clerk("user_new", 10).username("ADA").change());

        assertEquals(List.of("ada"), prefixLookups);
    }

    @Test
    void takenBaseWhoseSuffixesWereNotReadIsNotedAsMissing() {
        store(clerk("user_1", 10).username("ada").build());
        SyncState withoutPrefixes = new SyncState(ROLES, NOW, stored, tombstones, Map.of());

        withoutPrefixes.apply(clerk("user_new", 10).username("Ada").change());

        assertEquals(Set.of("ada"), withoutPrefixes.missingPrefixes());
    }

    @Test
    void freeBaseNeedsNoSuffixes() {
        SyncState withoutPrefixes = new SyncState(ROLES, NOW, stored, tombstones, Map.of());

        withoutPrefixes.apply(clerk("user_new", 10).username("ada").change());

        assertEquals(Set.of(), withoutPrefixes.missingPrefixes());
    }

    @Test
    void suffixFreedEarlierInTheBatchCanBeTaken() {
        store(clerk("user_1", 10).username("ada").build());
        stored.add(UserRow.mirror(clerk("user_2", 10).username("ada").build(), null, "ada2", "user", NOW, NOW));
        storedUsernameKeys.put("user_1", "ada");
        storedUsernameKeys.put("user_2", "ada2");
        start();

        state.apply(clerk("user_2", 20).username("bob").change());

        assertEquals("ada2", state.apply(clerk("user_3", 10).username("ada").change()).after().username());
    }

    @Test
    void usernameThatMerelyStartsWithTheBaseIsReplaced() {
        stored.add(UserRow.mirror(clerk("user_a", 10).username("adam").build(), null, "adam", "user", NOW, NOW));

        assertEquals("ada", apply(clerk("user_a", 20).username("ada").change()).after().username());
    }

    @Test
    void usernameFromAnotherBaseIsReplacedWhenClerksUsernameChanges() {
        stored.add(UserRow.mirror(clerk("user_a", 10).username("ada").build(), null, "ada7", "user", NOW, NOW));

        assertEquals("grace", apply(clerk("user_a", 20).username("grace").change()).after().username());
    }

    @Test
    void provisionalUsersShareTheFallbackWithSuffixes() {
        start();

        String first = state.apply(new UserChange.Provisional("user_a")).after().username();
        String second = state.apply(new UserChange.Provisional("user_b")).after().username();

        assertEquals(List.of("user", "user2"), List.of(first, second));
    }

    @Test
    void emailHeldAtTheSameVersionGoesToTheLaterDelivery() {
        store(clerk("user_holder", 20).email("shared@example.com").build());

        SyncState.Change change = apply(clerk("user_late", 20).email("shared@example.com").change());

        assertEquals("shared@example.com", change.after().email());
        assertEquals(List.of("user_holder"),
                state.writes().releases().stream().map(SyncWrites.EmailRelease::userId).toList());
    }

    @Test
    void ownEmailInAnotherCaseIsNoClaim() {
        store(clerk("user_a", 10).email("ada@example.com").build());

        SyncState.Change change = apply(clerk("user_a", 20).email("ADA@example.com").change());

        assertEquals("ADA@example.com", change.after().email());
        assertEquals(List.of(), state.writes().releases());
    }

    @Test
    void anUpdateKeepsWhenTheRowWasFirstWritten() {
        Instant firstWritten = NOW.minusSeconds(3600);
        stored.add(UserRow.mirror(clerk("user_a", 10).build(), null, "user", "user", firstWritten, firstWritten));

        UserRow after = apply(clerk("user_a", 20).names("Ada", null).change()).after();

        assertEquals(firstWritten, after.createdAt());
        assertEquals(NOW, after.updatedAt());
    }

    @Test
    void tombstoneBuriesOlderVersionsOfAUserWithoutARow() {
        tombstones.put("user_a", Instant.ofEpochMilli(50));

        assertEquals(SyncOutcome.STALE, apply(clerk("user_a", 40).change()).outcome());
        assertTrue(state.writes().isEmpty());
    }

    @Test
    void userRecreatedAfterADeleteInTheSameBatchIsWrittenAndTheTombstoneKept() {
        store(clerk("user_a", 10).build());
        start();

        state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(20)));
        SyncState.Change recreated = state.apply(clerk("user_a", 25).names("Again", null).change());

        assertTrue(recreated.outcome().applied());
        assertEquals("Again", row("user_a").firstName());
        assertEquals(List.of(), state.writes().deletes());
        assertEquals(Instant.ofEpochMilli(20), state.writes().tombstones().get("user_a"));
    }

    @Test
    void provisionalAfterADeleteInTheSameBatchIsStale() {
        start();

        state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(20)));

        assertEquals(SyncOutcome.STALE, state.apply(new UserChange.Provisional("user_a")).outcome());
    }

    @Test
    void provisionalForAUserWithARowIsStaleAndLeavesTheRow() {
        store(clerk("user_a", 10).names("Ada", null).build());

        SyncState.Change change = apply(new UserChange.Provisional("user_a"));

        assertEquals(SyncOutcome.STALE, change.outcome());
        assertEquals("Ada", change.after().firstName());
    }

    @Test
    void twoDeletesOfOneUserInABatchRecordTheLaterTime() {
        start();

        state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(70)));
        state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(30)));

        assertEquals(Instant.ofEpochMilli(70), state.writes().tombstones().get("user_a"));
    }

    @Test
    void emailKeysAreTheFoldedEmailsOfMirroredUsers() {
        List<UserChange> changes = List.of(clerk("user_a", 10).email("Ada@Example.com").change(),
                clerk("user_b", 10).change(), new UserChange.Delete("user_c", NOW));

        assertEquals(Set.of("ada@example.com"), SyncState.emailKeys(changes));
    }

    @Test
    void usernameKeysAreTheFoldedBasesAndTheFallbackForOtherChanges() {
        List<UserChange> changes = List.of(clerk("user_a", 10).username("ΣΣΣ").change(),
                clerk("user_b", 10).email("Grace@example.com").change(), new UserChange.Provisional("user_c"));

        assertEquals(Set.of("σσς", "grace", "user"), SyncState.usernameKeys(changes));
    }

    private SyncState.Change apply(UserChange change) {
        start();
        return state.apply(change);
    }

    private void start() {
        if (state == null) {
            state = new SyncState(ROLES, NOW, stored, tombstones, new StoredPrefixes());
        }
    }

    /** Every prefix read, as the batch reads it when a decision asks: the stored keys starting with it. */
    private final class StoredPrefixes extends AbstractMap<String, Map<String, String>> {
        @Override
        public Map<String, String> get(Object prefix) {
            prefixLookups.add((String) prefix);
            Map<String, String> matching = new HashMap<>();
            storedUsernameKeys.forEach((id, key) -> {
                if (key.startsWith((String) prefix)) {
                    matching.put(id, key);
                }
            });
            return matching;
        }

        @Override
        public Set<Entry<String, Map<String, String>>> entrySet() {
            return Set.of();
        }
    }

    private void store(ClerkUser user) {
        String username = Usernames.base(user);
        stored.add(UserRow.mirror(user, user.email(), username, "user", NOW, NOW));
    }

    private UserRow row(String id) {
        return state.writes().upserts().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static ClerkUserBuilder clerk(String id, long updatedAtMillis) {
        return new ClerkUserBuilder(id, updatedAtMillis);
    }

    /** A Clerk user as a sentence: {@code clerk("user_a", 10).email(…).names(…).change()}. */
    private static final class ClerkUserBuilder {
        private final String id;
        private final long updatedAt;
        private String email;
        private String username;
        private String firstName;
        private String lastName;
        private String role;

        ClerkUserBuilder(String id, long updatedAt) {
            this.id = id;
            this.updatedAt = updatedAt;
        }

        ClerkUserBuilder email(String value) {
            email = value;
            return this;
        }

        ClerkUserBuilder username(String value) {
            username = value;
            return this;
        }

        ClerkUserBuilder names(String first, String last) {
            firstName = first;
            lastName = last;
            return this;
        }

        ClerkUserBuilder role(String value) {
            role = value;
            return this;
        }

        ClerkUser build() {
            return new ClerkUser(id, email, null, username, firstName, lastName, null,
                    role == null ? "{}" : "{\"role\":\"" + role + "\"}", role, false, null, null,
                    Instant.ofEpochMilli(updatedAt));
        }

        UserChange change() {
            return new UserChange.Mirror(build());
        }
    }
}
