package dev.clerksync.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each table has one repository, the only source file of {@code src/main} whose SQL names it:
 * checked on the sources, since SQL lives in string literals that no class file shows as a
 * dependency.
 */
class TableOwnersTest {

    private static final Path SOURCES = Path.of("src/main/java");

    private static final Map<String, String> OWNERS = Map.of(
            "users", "dev/clerksync/users/UserRepository.java",
            "user_tombstones", "dev/clerksync/users/UserRepository.java",
            "webhook_events", "dev/clerksync/webhook/WebhookEventRepository.java",
            "role_changes", "dev/clerksync/audit/RoleChangeRepository.java",
            "organizations", "dev/clerksync/organizations/OrganizationRepository.java",
            "organization_tombstones", "dev/clerksync/organizations/OrganizationRepository.java",
            "organization_memberships", "dev/clerksync/organizations/OrganizationRepository.java",
            "membership_tombstones", "dev/clerksync/organizations/OrganizationRepository.java",
            "reconcile_seen", "dev/clerksync/reconcile/SeenIds.java",
            "reconcile_lease", "dev/clerksync/reconcile/ReconcileLease.java");

    @ParameterizedTest
    @ValueSource(strings = {"users", "user_tombstones", "webhook_events", "role_changes", "organizations",
            "organization_tombstones", "organization_memberships", "membership_tombstones", "reconcile_seen",
            "reconcile_lease"})
    void onlyItsRepositoryWritesSqlForTheTable(String table) {
        assertEquals(Set.of(OWNERS.get(table)), filesWithSqlOn(table));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select id from users where id = ?",
            "insert into users (id) values (?)",
            "update users set email = null",
            "delete from users where id = any(?)",
            "select 1 from webhook_events e join users u on u.id = e.user_id",
            "select * from users as u"})
    void theCheckRecognisesSqlOnTheTable(String sql) {
        assertEquals(true, namesTable(sql, "users"), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"the users' rules", "users_pkey", "from user_tombstones", "a batch's users are locked"})
    void theCheckLeavesOtherTextAlone(String text) {
        assertEquals(false, namesTable(text, "users"), text);
    }

    private static Set<String> filesWithSqlOn(String table) {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            Set<String> found = new TreeSet<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                if (namesTable(Files.readString(file), table)) {
                    found.add(SOURCES.relativize(file).toString().replace('\\', '/'));
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the text holds SQL that reads or writes the table: the table's name after a keyword that takes one. */
    private static boolean namesTable(String text, String table) {
        Matcher sql = Pattern.compile("(?i)\\b(from|into|update|join|table)\\s+(" + Pattern.quote(table)
                + ")\\b(?![_'])").matcher(text);
        return sql.find();
    }
}
