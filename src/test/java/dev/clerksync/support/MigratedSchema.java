package dev.clerksync.support;

import dev.clerksync.config.Settings;
import dev.clerksync.persistence.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A new schema of its own on the test database, migrated, with a pool of two connections into it; dropped on close. */
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
        Database database = Database.pooled(new Settings.DatabaseUrl(db.directUrl(), db.user(), db.password()), 2,
                name, new SimpleMeterRegistry());
        database.migrate(name);
        return new MigratedSchema(name, database);
    }

    public Database database() {
        return database;
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
