package dev.clerksync.support;

import dev.clerksync.config.Settings;
import dev.clerksync.persistence.Database;
import dev.clerksync.persistence.TransactionStart;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A new schema of its own on the test database, migrated, with a pool of two connections; dropped on
 * close. Statements find its tables after {@link #start()}, as the WAR's do.
 */
public final class MigratedSchema implements AutoCloseable {

    private final String name;
    private final Database database;

    private MigratedSchema(String name, Database database) {
        this.name = name;
        this.database = database;
    }

    public static MigratedSchema create(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        TestDatabase db = TestEnvironment.database();
        Database database = Database.pooled(new Settings.DatabaseUrl(db.directUrl(), db.user(), db.password()), 2, 10_000,
                new SimpleMeterRegistry());
        database.migrate(name);
        return new MigratedSchema(name, database);
    }

    public Database database() {
        return database;
    }

    /** How the WAR starts a transaction in this schema (its search path, timeouts and plans). */
    public TransactionStart start() {
        return new TransactionStart(name, 2_000, 10_000);
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema " + name + " cascade");
        }
        database.close();
    }
}
