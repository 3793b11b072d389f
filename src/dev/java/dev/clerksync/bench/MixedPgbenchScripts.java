package dev.clerksync.bench;

import dev.clerksync.fixtures.workload.MixedEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PostgreSQL's ceiling for the mixed workload: the database work each event needs, one transaction
 * per event, in the same 60/35/5 mix (pgbench picks a script per transaction by weight), on the
 * project's own tables. Each event records its svix-id (the idempotency key; a duplicate would hit
 * the conflict) and then
 * <ul>
 *   <li>created, updated: upserts the user, guarded by Clerk's {@code updated_at} so an older event
 *       never overwrites a newer one (a created is nearly always an insert, an updated an update);</li>
 *   <li>deleted: deletes the user and keeps a tombstone.</li>
 * </ul>
 * What the WAR does besides (its user lock, reading before writing, its ORM) is its own cost, which
 * is what the ratio shows. Each pgbench client numbers the users it creates in {@code :made} (pgbench
 * keeps a client's variables from one transaction to the next), so updates and deletes pick one of
 * its own users; {@code :prefix} is new for every pgbench run, so runs never meet.
 */
final class MixedPgbenchScripts {

    private static final String USER_ID = ":prefix || :client_id || '_' || :n";
    private static final String RECORD_EVENT = """
            insert into webhook_events (svix_id, event_type, user_id, outcome, attempts, received_at, processed_at)
              values ('msg_pgb' || :mid, '%s', %s, 'applied', 1, now(), now())
              on conflict (svix_id) do nothing;
            """;
    private static final String UPSERT_USER = """
            insert into users (id, email, email_key, username, username_key, first_name, last_name, display_name, image_url, phone_number, role,
                               public_metadata, banned, last_sign_in_at, clerk_created_at, clerk_updated_at, provisional,
                               created_at, updated_at)
              values (%1$s, 'first' || :fn || '.last' || :ln || '+' || %1$s || '@example.com',
                      lower('first' || :fn || '.last' || :ln || '+' || %1$s || '@example.com'),
                      'handle_' || %1$s, lower('handle_' || %1$s),
                      'Firstname' || :fn, 'Lastname' || :ln, 'Firstname' || :fn || ' Lastname' || :ln,
                      'https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJodHRwczovL2ltYWdlcy5jbGVyay5kZXYv' || md5(:mid::text),
                      '+1202555' || lpad((:n %% 10000)::text, 4, '0'),
                      (array['member','member','member','member','admin','editor','viewer','owner'])[:r],
                      jsonb_build_object('role', (array['member','member','member','member','admin','editor','viewer','owner'])[:r]),
                      false, now(), now(), now(), false, now(), now())
              on conflict (id) do update set
                email = excluded.email, email_key = excluded.email_key, username = excluded.username,
                username_key = excluded.username_key, first_name = excluded.first_name,
                last_name = excluded.last_name, display_name = excluded.display_name, image_url = excluded.image_url,
                phone_number = excluded.phone_number, role = excluded.role, public_metadata = excluded.public_metadata,
                last_sign_in_at = excluded.last_sign_in_at, clerk_updated_at = excluded.clerk_updated_at,
                updated_at = excluded.updated_at
              where users.clerk_updated_at < excluded.clerk_updated_at;
            """;
    private static final String RANDOM_FIELDS = """
            \\set mid random(1, 9000000000000000000)
            \\set fn random(1, 40)
            \\set ln random(1, 40)
            \\set r random(1, 8)
            """;

    private MixedPgbenchScripts() {
    }

    /** Writes the three scripts into {@code directory}; answers pgbench's {@code --file=…@weight} arguments. */
    static List<String> write(Path directory) throws IOException {
        String created = RANDOM_FIELDS + """
                \\set made :made + 1
                \\set n :made
                BEGIN;
                """ + RECORD_EVENT.formatted(MixedEvents.CREATED, USER_ID) + UPSERT_USER.formatted(USER_ID) + "COMMIT;\n";
        // :made + 1: before a client's first created, its "user 1" does not exist yet and the upsert inserts it.
        String updated = RANDOM_FIELDS + """
                \\set n random(1, :made + 1)
                BEGIN;
                """ + RECORD_EVENT.formatted(MixedEvents.UPDATED, USER_ID) + UPSERT_USER.formatted(USER_ID) + "COMMIT;\n";
        String deleted = """
                \\set mid random(1, 9000000000000000000)
                \\set n random(1, :made + 1)
                BEGIN;
                """ + RECORD_EVENT.formatted(MixedEvents.DELETED, USER_ID) + """
                delete from users where id = %1$s;
                insert into user_tombstones (user_id, deleted_at) values (%1$s, now())
                  on conflict (user_id) do update set deleted_at = excluded.deleted_at;
                COMMIT;
                """.formatted(USER_ID);
        return List.of(
                "--file=" + save(directory, "user-created.pgbench.sql", created) + "@60",
                "--file=" + save(directory, "user-updated-mixed.pgbench.sql", updated) + "@35",
                "--file=" + save(directory, "user-deleted.pgbench.sql", deleted) + "@5");
    }

    private static Path save(Path directory, String name, String script) throws IOException {
        Path file = directory.resolve(name).toAbsolutePath();
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return file;
    }
}
