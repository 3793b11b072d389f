package dev.clerksync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the {@code users} table with what the sender expects after a round, for the users the
 * round touched: a user expected present has its row with the same email (case-insensitively),
 * first name, last name and role; a user expected absent has none. An empty string counts as null.
 * A throughput figure means little if the rows are wrong, so every mixed round is checked.
 *
 * @param mismatches users that are missing, differ, or are present but should be absent
 * @param samples    a few of them, described, to start looking from
 */
public record StateCheck(int users, int expectedPresent, int uncertain, int missing, int differing, int shouldBeAbsent,
        int mismatches, List<String> samples) {

    private static final int SAMPLES = 3;
    private static final String QUERY = "select id, email, first_name, last_name, role from users where id = any(?)";

    private record Row(String email, String firstName, String lastName, String role) {
    }

    /** {@code defaultRole} is what the server stores for a user without a (known) {@code public_metadata.role}. */
    static StateCheck run(TargetDatabase database, ExpectedUsers expected, String defaultRole) throws SQLException {
        try (Connection connection = database.connect()) {
            return run(connection, expected, defaultRole);
        }
    }

    /** The same check on a connection of the caller's. */
    public static StateCheck run(Connection connection, ExpectedUsers expected, String defaultRole)
            throws SQLException {
        Map<String, Row> rows = rows(connection, expected);
        int present = 0;
        int uncertain = 0;
        int missing = 0;
        int differing = 0;
        int shouldBeAbsent = 0;
        List<String> samples = new ArrayList<>();
        for (ExpectedUsers.Expectation user : expected.all()) {
            Row row = rows.get(user.userId);
            if (user.present()) {
                present++;
            }
            if (user.uncertain()) {
                uncertain++;
                continue;
            }
            String problem = null;
            if (user.present() && row == null) {
                missing++;
                problem = "missing";
            } else if (user.present() && !matches(user.state, row, defaultRole)) {
                differing++;
                problem = "differs";
            } else if (!user.present() && row != null) {
                shouldBeAbsent++;
                problem = "present, should be absent";
            }
            if (problem != null && samples.size() < SAMPLES) {
                samples.add(String.format(Locale.ROOT, "%s %s: expected %s, got %s", user.userId, problem,
                        user.present() ? describe(user.state, defaultRole) : "absent", row == null ? "absent" : row));
            }
        }
        return new StateCheck(expected.all().size(), present, uncertain, missing, differing, shouldBeAbsent,
                missing + differing + shouldBeAbsent, List.copyOf(samples));
    }

    private static Map<String, Row> rows(Connection connection, ExpectedUsers expected) throws SQLException {
        String[] ids = expected.all().stream().map(user -> user.userId).toArray(String[]::new);
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), new Row(result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5)));
                }
            }
        }
        return rows;
    }

    private static boolean matches(UserState expected, Row row, String defaultRole) {
        return Objects.equals(lower(blankToNull(expected.email())), lower(blankToNull(row.email)))
                && Objects.equals(blankToNull(expected.firstName()), blankToNull(row.firstName))
                && Objects.equals(blankToNull(expected.lastName()), blankToNull(row.lastName))
                && Objects.equals(roleOf(expected, defaultRole), blankToNull(row.role));
    }

    private static String describe(UserState state, String defaultRole) {
        return new Row(state.email(), state.firstName(), state.lastName(), roleOf(state, defaultRole)).toString();
    }

    private static String roleOf(UserState state, String defaultRole) {
        return state.role() == null ? defaultRole : state.role();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mismatches %d (users %d, expected present %d, missing %d, differing %d,"
                + " present but deleted %d, uncertain %d)", mismatches, users, expectedPresent, missing, differing,
                shouldBeAbsent, uncertain);
    }
}
