package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
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
    void newUserGetsUsernameDisplayNameAndRoleFromClerk() throws SQLException {
        SyncState.Change change = apply(clerk("user_a", 10).email("Ada@Example.com").names("Ada", "Lovelace")
                .role("admin").change());

        assertEquals(SyncResult.APPLIED, change.result());
        assertEquals("Ada", change.after().username());
        assertEquals("Ada Lovelace", change.after().displayName());
        assertEquals("admin", change.after().role());
        assertEquals(NOW, change.after().createdAt());
    }

    @Test
    void roleOutsideTheAllowedOnesBecomesTheDefaultRole() throws SQLException {
        assertEquals("user", apply(clerk("user_a", 10).role("root").change()).after().role());
    }

    @Test
    void olderVersionThanTheStoredRowIsStaleAndChangesNothing() throws SQLException {
        store(clerk("user_a", 20).email("a@example.com").build());

        SyncState.Change change = apply(clerk("user_a", 10).email("old@example.com").change());

        assertEquals(SyncResult.STALE, change.result());
        assertEquals(List.of(), state.writes().upserts());
    }

    @Test
    void sameVersionAsTheStoredRowIsAppliedAgainButWritesNothing() throws SQLException {
        store(clerk("user_a", 20).build());

        assertEquals(SyncResult.APPLIED, apply(clerk("user_a", 20).change()).result());
        assertTrue(state.writes().isEmpty());
        assertEquals(List.of(), state.writes().notifications());
    }

    @Test
    void everyRowChangeIsAnnouncedOnceWithItsKind() throws SQLException {
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
    void provisionalRowTakesAnyVersion() throws SQLException {
        stored.add(UserRow.provisional("user_a", "user", "user", NOW));

        SyncState.Change change = apply(clerk("user_a", 1).names("Ada", null).change());

        assertEquals(SyncResult.APPLIED, change.result());
        assertEquals(false, change.after().provisional());
    }

    @Test
    void tombstoneBuriesVersionsUpToTheDeletion() throws SQLException {
        tombstones.put("user_a", Instant.ofEpochMilli(50));

        assertEquals(SyncResult.STALE, apply(clerk("user_a", 50).change()).result());
    }

    @Test
    void versionAfterTheTombstoneIsApplied() throws SQLException {
        tombstones.put("user_a", Instant.ofEpochMilli(50));

        assertEquals(SyncResult.APPLIED, apply(clerk("user_a", 51).change()).result());
    }

    @Test
    void deleteRemovesTheStoredRowAndKeepsTheLaterTombstone() throws SQLException {
        store(clerk("user_a", 10).build());
        tombstones.put("user_a", Instant.ofEpochMilli(90));

        SyncState.Change change = apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(60)));

        assertEquals(SyncResult.APPLIED, change.result());
        assertNull(change.after());
        assertEquals(List.of("user_a"), state.writes().deletes());
        assertEquals(Instant.ofEpochMilli(60), state.writes().tombstones().get("user_a"));
    }

    @Test
    void changesForOneUserInOneBatchApplyInArrivalOrder() throws SQLException {
        start();
        List<SyncResult> results = List.of(
                state.apply(clerk("user_a", 10).change()).result(),
                state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(20))).result(),
                state.apply(clerk("user_a", 15).change()).result());

        assertEquals(List.of(SyncResult.APPLIED, SyncResult.APPLIED, SyncResult.STALE), results);
        assertEquals(List.of(), state.writes().upserts(), "created and deleted in one batch: no row to write");
        assertEquals(List.of(), state.writes().deletes(), "nothing stored to delete");
        assertEquals(Set.of("user_a"), state.writes().tombstones().keySet());
    }

    @Test
    void eachTouchedUserIsWrittenOnceWithItsLastState() throws SQLException {
        start();
        state.apply(clerk("user_a", 10).names("First", null).change());
        state.apply(clerk("user_a", 30).names("Third", null).change());
        state.apply(clerk("user_a", 20).names("Second", null).change());

        List<UserRow> upserts = state.writes().upserts();
        assertEquals(1, upserts.size());
        assertEquals("Third", upserts.get(0).firstName());
    }

    @Test
    void emailHeldByAnOlderStateMovesToTheNewerUser() throws SQLException {
        store(clerk("user_old", 10).email("shared@example.com").build());

        SyncState.Change change = apply(clerk("user_new", 20).email("Shared@Example.com").change());

        assertEquals("Shared@Example.com", change.after().email());
        assertEquals(List.of(new SyncWrites.EmailRelease("user_old", "shared@example.com", Instant.ofEpochMilli(20))),
                state.writes().releases(), "taken on condition from a user outside the batch, not by a full row");
        assertTrue(state.writes().upserts().stream().noneMatch(row -> row.id().equals("user_old")));
    }

    @Test
    void emailHeldByANewerStateIsWithheldFromALateDelivery() throws SQLException {
        store(clerk("user_holder", 30).email("shared@example.com").build());

        SyncState.Change change = apply(clerk("user_late", 20).email("shared@example.com").change());

        assertNull(change.after().email());
        assertTrue(state.writes().upserts().stream().noneMatch(row -> row.id().equals("user_holder")),
                "the holder keeps its row untouched");
    }

    @Test
    void usersTradingEmailsInOneBatchEndWithEachOthersEmail() throws SQLException {
        store(clerk("user_a", 10).email("a@example.com").build());
        store(clerk("user_b", 10).email("b@example.com").build());
        start();

        state.apply(clerk("user_a", 20).email("b@example.com").change());
        state.apply(clerk("user_b", 20).email("a@example.com").change());

        assertEquals("b@example.com", row("user_a").email());
        assertEquals("a@example.com", row("user_b").email());
    }

    @Test
    void takenUsernameGetsTheSmallestFreeSuffix() throws SQLException {
        store(clerk("user_1", 10).username("ada").build());
        storedUsernameKeys.put("user_1", "ada");
        storedUsernameKeys.put("user_2", "ada2");
        storedUsernameKeys.put("user_4", "ada4");

        assertEquals("Ada3", apply(clerk("user_new", 10).username("Ada").change()).after().username());
    }

    @Test
    void usernameTakenEarlierInTheBatchIsNotGivenTwice() throws SQLException {
        start();

        String first = state.apply(clerk("user_a", 10).email("ada@a.example").change()).after().username();
        String second = state.apply(clerk("user_b", 10).email("ada@b.example").change()).after().username();

        assertEquals("ada", first);
        assertEquals("ada2", second);
    }

    @Test
    void usernameFreedEarlierInTheBatchCanBeTaken() throws SQLException {
        store(clerk("user_a", 10).username("grace").build());
        start();

        state.apply(clerk("user_a", 20).username("hopper").change());

        assertEquals("grace", state.apply(clerk("user_b", 10).username("grace").change()).after().username());
    }

    @Test
    void usernameIsKeptWhileItDerivesFromTheSameBase() throws SQLException {
        stored.add(UserRow.mirror(clerk("user_a", 10).username("ada").build(), null, "ada7", "user", NOW, NOW));

        assertEquals("ada7", apply(clerk("user_a", 20).username("ADA").names("New", null).change()).after().username());
    }

    @Test
    void usernameFallsBackToTheEmailLocalPartThenToUser() throws SQLException {
        start();

        assertEquals("grace", state.apply(clerk("user_a", 10).email("grace@example.com").change()).after().username());
        assertEquals("user", state.apply(clerk("user_b", 10).change()).after().username());
    }

    @Test
    void usernamesDifferingOnlyInCaseFoldingCollide() throws SQLException {
        start();

        state.apply(clerk("user_a", 10).username("ΣΣΣ").change());

        assertEquals("σσς2", state.apply(clerk("user_b", 10).username("σσς").change()).after().username());
    }

    @Test
    void provisionalRowIsStoredOnlyForAnUnknownLiveUser() throws SQLException {
        tombstones.put("user_gone", Instant.ofEpochMilli(5));
        start();

        SyncState.Change fresh = state.apply(new UserChange.Provisional("user_new"));
        SyncState.Change gone = state.apply(new UserChange.Provisional("user_gone"));

        assertEquals("New User", fresh.after().displayName());
        assertTrue(fresh.after().provisional());
        assertEquals(SyncResult.STALE, gone.result());
        assertNull(gone.after());
    }

    @Test
    void aSecondAdaGetsTheSmallestFreeSuffixWhateverTheCase() throws SQLException {
        store(clerk("user_1", 10).username("ada").build());
        storedUsernameKeys.put("user_1", "ada");

        assertEquals("ADA2", apply(clerk("user_new", 10).username("ADA").change()).after().username());
    }

    @Test
    void suffixHeldInAnotherCaseIsTaken() throws SQLException {
        store(clerk("user_1", 10).username("ada").build());
        storedUsernameKeys.put("user_1", "ada");
        storedUsernameKeys.put("user_2", "ada2");

        assertEquals("Ada3", apply(clerk("user_new", 10).username("Ada").change()).after().username());
    }

    @Test
    void freeBaseIsGivenWithoutLookingForSuffixes() throws SQLException {
        store(clerk("user_1", 10).username("grace").build());

        apply(clerk("user_new", 10).username("ada").change());

        assertEquals(List.of(), prefixLookups);
    }

    @Test
    void takenBaseIsLookedUpByItsFoldedKey() throws SQLException {
        store(clerk("user_1", 10).username("ada").build());

        apply(clerk("user_new", 10).username("ADA").change());

        assertEquals(List.of("ada"), prefixLookups);
    }

    @Test
    void suffixFreedEarlierInTheBatchCanBeTaken() throws SQLException {
        store(clerk("user_1", 10).username("ada").build());
        stored.add(UserRow.mirror(clerk("user_2", 10).username("ada").build(), null, "ada2", "user", NOW, NOW));
        storedUsernameKeys.put("user_1", "ada");
        storedUsernameKeys.put("user_2", "ada2");
        start();

        state.apply(clerk("user_2", 20).username("bob").change());

        assertEquals("ada2", state.apply(clerk("user_3", 10).username("ada").change()).after().username());
    }

    @Test
    void usernameThatMerelyStartsWithTheBaseIsReplaced() throws SQLException {
        stored.add(UserRow.mirror(clerk("user_a", 10).username("adam").build(), null, "adam", "user", NOW, NOW));

        assertEquals("ada", apply(clerk("user_a", 20).username("ada").change()).after().username());
    }

    @Test
    void usernameFromAnotherBaseIsReplacedWhenClerksUsernameChanges() throws SQLException {
        stored.add(UserRow.mirror(clerk("user_a", 10).username("ada").build(), null, "ada7", "user", NOW, NOW));

        assertEquals("grace", apply(clerk("user_a", 20).username("grace").change()).after().username());
    }

    @Test
    void provisionalUsersShareTheFallbackWithSuffixes() throws SQLException {
        start();

        String first = state.apply(new UserChange.Provisional("user_a")).after().username();
        String second = state.apply(new UserChange.Provisional("user_b")).after().username();

        assertEquals(List.of("user", "user2"), List.of(first, second));
    }

    @Test
    void emailHeldAtTheSameVersionGoesToTheLaterDelivery() throws SQLException {
        store(clerk("user_holder", 20).email("shared@example.com").build());

        SyncState.Change change = apply(clerk("user_late", 20).email("shared@example.com").change());

        assertEquals("shared@example.com", change.after().email());
        assertEquals(List.of("user_holder"),
                state.writes().releases().stream().map(SyncWrites.EmailRelease::userId).toList());
    }

    @Test
    void ownEmailInAnotherCaseIsNoClaim() throws SQLException {
        store(clerk("user_a", 10).email("ada@example.com").build());

        SyncState.Change change = apply(clerk("user_a", 20).email("ADA@example.com").change());

        assertEquals("ADA@example.com", change.after().email());
        assertEquals(List.of(), state.writes().releases());
    }

    @Test
    void anUpdateKeepsWhenTheRowWasFirstWritten() throws SQLException {
        Instant firstWritten = NOW.minusSeconds(3600);
        stored.add(UserRow.mirror(clerk("user_a", 10).build(), null, "user", "user", firstWritten, firstWritten));

        UserRow after = apply(clerk("user_a", 20).names("Ada", null).change()).after();

        assertEquals(firstWritten, after.createdAt());
        assertEquals(NOW, after.updatedAt());
    }

    @Test
    void tombstoneBuriesOlderVersionsOfAUserWithoutARow() throws SQLException {
        tombstones.put("user_a", Instant.ofEpochMilli(50));

        assertEquals(SyncResult.STALE, apply(clerk("user_a", 40).change()).result());
        assertTrue(state.writes().isEmpty());
    }

    @Test
    void userRecreatedAfterADeleteInTheSameBatchIsWrittenAndTheTombstoneKept() throws SQLException {
        store(clerk("user_a", 10).build());
        start();

        state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(20)));
        SyncState.Change recreated = state.apply(clerk("user_a", 25).names("Again", null).change());

        assertEquals(SyncResult.APPLIED, recreated.result());
        assertEquals("Again", row("user_a").firstName());
        assertEquals(List.of(), state.writes().deletes());
        assertEquals(Instant.ofEpochMilli(20), state.writes().tombstones().get("user_a"));
    }

    @Test
    void provisionalAfterADeleteInTheSameBatchIsStale() throws SQLException {
        start();

        state.apply(new UserChange.Delete("user_a", Instant.ofEpochMilli(20)));

        assertEquals(SyncResult.STALE, state.apply(new UserChange.Provisional("user_a")).result());
    }

    @Test
    void provisionalForAUserWithARowIsStaleAndLeavesTheRow() throws SQLException {
        store(clerk("user_a", 10).names("Ada", null).build());

        SyncState.Change change = apply(new UserChange.Provisional("user_a"));

        assertEquals(SyncResult.STALE, change.result());
        assertEquals("Ada", change.after().firstName());
    }

    @Test
    void twoDeletesOfOneUserInABatchRecordTheLaterTime() throws SQLException {
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

    private SyncState.Change apply(UserChange change) throws SQLException {
        start();
        return state.apply(change);
    }

    private void start() {
        if (state == null) {
            state = new SyncState(ROLES, NOW, stored, tombstones, prefix -> {
                prefixLookups.add(prefix);
                Map<String, String> matching = new HashMap<>();
                storedUsernameKeys.forEach((id, key) -> {
                    if (key.startsWith(prefix)) {
                        matching.put(id, key);
                    }
                });
                return matching;
            });
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
