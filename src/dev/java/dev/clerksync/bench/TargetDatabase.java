package dev.clerksync.bench;

import dev.clerksync.fixtures.EmbeddedDatabase;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The database both sides run against: BENCH_DATABASE_URL's, else an embedded one owned by this run. */
final class TargetDatabase implements AutoCloseable {

    final String jdbcUrl;
    final String user;
    final String password;
    final String host;
    final int port;
    final String name;
    private final EmbeddedDatabase embedded;

    private TargetDatabase(String jdbcUrl, String user, String password, EmbeddedDatabase embedded) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        URI address = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.host = address.getHost();
        this.port = address.getPort() < 0 ? 5432 : address.getPort();
        this.name = address.getPath().substring(1);
    }

    static TargetDatabase open() throws IOException, ClassNotFoundException {
        Class.forName("org.postgresql.Driver");
        String external = setting("BENCH_DATABASE_URL");
        if (external != null) {
            return new TargetDatabase(external, setting("BENCH_DATABASE_USER"), setting("BENCH_DATABASE_PASSWORD"),
                    null);
        }
        EmbeddedDatabase postgres = EmbeddedDatabase.fresh().start();
        return new TargetDatabase(postgres.jdbcUrl(), EmbeddedDatabase.USER, null, postgres);
    }

    private static String setting(String name) {
        String value = System.getenv(name);
        return value != null ? value : System.getProperty(name);
    }

    /** This run's own cluster, started for it and used by nothing else. */
    boolean embedded() {
        return embedded != null;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Server version and the settings that move commit cost the most. */
    String describe() {
        try (Connection connection = connect();
             Statement statement = connection.createStatement()) {
            StringBuilder text = new StringBuilder(embedded == null ? "PostgreSQL at " + host + ":" + port
                    : "embedded PostgreSQL");
            for (String setting : List.of("server_version", "fsync", "synchronous_commit", "shared_buffers")) {
                try (ResultSet row = statement.executeQuery("show " + setting)) {
                    row.next();
                    text.append(' ').append(setting).append('=').append(row.getString(1));
                }
            }
            return text.toString();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach " + jdbcUrl, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
