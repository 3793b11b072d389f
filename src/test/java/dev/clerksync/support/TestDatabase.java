package dev.clerksync.support;

import dev.clerksync.fixtures.EmbeddedDatabase;
import dev.clerksync.fixtures.TcpRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL the tests run against: the server named by {@code TEST_DATABASE_URL} (with
 * {@code TEST_DATABASE_USER} / {@code TEST_DATABASE_PASSWORD}), else an embedded one started once
 * per JVM. The WAR reaches it through a {@link TcpRelay} so tests can take it away.
 */
public final class TestDatabase {

    private final String directUrl;
    private final String user;
    private final String password;
    private final TcpRelay proxy;

    private TestDatabase(String directUrl, String user, String password) {
        this(directUrl, user, password, relayTo(directUrl));
    }

    private TestDatabase(String directUrl, String user, String password, TcpRelay proxy) {
        this.directUrl = directUrl;
        this.user = user;
        this.password = password;
        this.proxy = proxy;
    }

    private static TcpRelay relayTo(String directUrl) {
        URI address = URI.create(directUrl.substring("jdbc:".length()));
        return new TcpRelay(address.getHost(), address.getPort() < 0 ? 5432 : address.getPort());
    }

    /** The same database as another role, through the same proxy. */
    public TestDatabase as(String otherUser, String otherPassword) {
        return new TestDatabase(directUrl, otherUser, otherPassword, proxy);
    }

    /** Another database of the same server, reached with the same credentials and through the same proxy. */
    public TestDatabase on(String database) {
        URI address = URI.create(directUrl.substring("jdbc:".length()));
        String query = address.getRawQuery() == null ? "" : "?" + address.getRawQuery();
        return new TestDatabase("jdbc:postgresql://" + address.getRawAuthority() + "/" + database + query, user,
                password, proxy);
    }

    static TestDatabase open() {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        String external = setting("TEST_DATABASE_URL");
        if (external != null) {
            return new TestDatabase(external, setting("TEST_DATABASE_USER"), setting("TEST_DATABASE_PASSWORD"));
        }
        try {
            EmbeddedDatabase postgres = EmbeddedDatabase.fresh().start();
            return new TestDatabase(postgres.jdbcUrl(), EmbeddedDatabase.USER, null);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** The address the WAR uses: the same database, through the proxy. */
    public String warUrl() {
        URI address = URI.create(directUrl.substring("jdbc:".length()));
        String query = address.getRawQuery() == null ? "" : "?" + address.getRawQuery();
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + address.getRawPath() + query;
    }

    /**
     * The address a WAR behind {@code bouncer} uses: PgBouncer in front of the proxy (so tests can
     * still take the database away), without server-prepared statements, which PgBouncer before
     * 1.21 cannot pass on in transaction mode.
     */
    String warUrlBehind(PgBouncer bouncer) {
        URI address = URI.create(directUrl.substring("jdbc:".length()));
        String query = address.getRawQuery() == null ? "?" : "?" + address.getRawQuery() + "&";
        return "jdbc:postgresql://127.0.0.1:" + bouncer.port() + address.getRawPath() + query + "prepareThreshold=0";
    }

    /** A PgBouncer in front of the proxy, for tests that run the WAR behind a pooler. */
    PgBouncer startPgBouncer() {
        return PgBouncer.start("127.0.0.1", proxy.port(), user == null ? System.getProperty("user.name") : user);
    }

    /** The database itself, not through the proxy: for a WAR in another process, such as a stock Tomcat. */
    public String directUrl() {
        return directUrl;
    }

    /** The user name, or null for the driver's default. */
    public String user() {
        return user;
    }

    /** The password, or null when none is needed (the embedded server trusts local connections). */
    public String password() {
        return password;
    }

    /** Takes the database away from the WAR: open connections reset, new ones refused. */
    public void stop() {
        proxy.cut();
    }

    public void start() {
        proxy.restore();
    }

    public Optional<Map<String, Object>> user(String id) {
        List<Map<String, Object>> rows = query("select * from users where id = ?", id);
        return rows.stream().findFirst();
    }

    public long count(String sql, Object... parameters) {
        return ((Number) query(sql, parameters).get(0).values().iterator().next()).longValue();
    }

    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(directUrl, user, password);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet results = statement.executeQuery()) {
                return rows(results);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + sql, e);
        }
    }

    public void execute(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(directUrl, user, password);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("test statement failed: " + sql, e);
        }
    }

    private static List<Map<String, Object>> rows(ResultSet results) throws SQLException {
        ResultSetMetaData meta = results.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (results.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                Object value = results.getObject(column);
                row.put(meta.getColumnLabel(column), value == null ? null : plain(value));
            }
            rows.add(row);
        }
        return rows;
    }

    // jsonb arrives as PGobject; tests compare its text.
    private static Object plain(Object value) {
        return value.getClass().getName().equals("org.postgresql.util.PGobject") ? value.toString() : value;
    }

    private static String setting(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? System.getProperty(name) : value;
    }

}
