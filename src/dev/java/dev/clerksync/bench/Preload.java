package dev.clerksync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Tables as a long-running install has them, filled before the mixed rounds ("flat as the tables
 * grow"): {@code users} users and {@code events} delivery records made by PostgreSQL itself
 * ({@code insert … select … from generate_series}), then {@code vacuum analyze}. With
 * {@code compare}, the same rounds run on the tables as they are first, then again once filled.
 *
 * @param users   rows in {@code users}, ids {@code user_2pre…}, none of which the rounds' events name
 * @param events  rows in {@code webhook_events} about those users, received over the last {@link #DAYS} days
 * @param compare the rounds run on the tables without the preload first, then with it
 */
record Preload(long users, long events, boolean compare) {

    /** The span of the delivery records' {@code received_at}, oldest first. */
    static final int DAYS = 30;

    // A user's id from its number, in both statements: deterministic, so records can name their user.
    private static final String USER_ID = "'user_2pre' || lpad(%1$s::text, 9, '0') || substr(md5(%1$s::text), 1, 12)";

    // Clerk users as the sync stores them: keys folded beside the values (ASCII, so lower() is the
    // sync's fold), a username for 70 % (else the email's local part, as the sync derives it), roles
    // from public_metadata (none: the default role), names with non-ASCII letters.
    private static final String USERS = """
            insert into users (id, email, email_key, username, username_key, first_name, last_name, display_name,
                image_url, phone_number, role, public_metadata, last_sign_in_at, clerk_created_at, clerk_updated_at,
                created_at, updated_at)
            select id, email, lower(email), username, lower(username), first_name, last_name,
                first_name || ' ' || last_name, 'https://img.clerk.com/preload/' || md5(id),
                case when n % 4 = 0 then '+1' || (200 + n % 700) || '555' || lpad((n % 10000)::text, 4, '0') end,
                coalesce(role, 'user'),
                case when role is null then '{}' else jsonb_build_object('role', role) end,
                created + interval '20 days', created, created + interval '10 days', created, created + interval '10 days'
            from (select n, id, first_name, last_name, role, created,
                    handle || '.' || n || '@' || (array['gmail.com', 'outlook.com', 'example.org', 'company.io'])[1 + n % 4]
                        as email,
                    case when n % 10 < 7 then handle || '_' || n else handle || '.' || n end as username
                  from (select n, USER_ID as id,
                          (array['Anna', 'Jürgen', 'Zoë', 'Łukasz', 'Søren', 'Mary', 'Ngozi', 'Chen'])[1 + n % 8] as first_name,
                          (array['anna', 'jurgen', 'zoe', 'lukasz', 'soren', 'mary', 'ngozi', 'chen'])[1 + n % 8] as handle,
                          (array['O''Brien', 'Müller', 'García', 'Nowak', 'Smith', 'Dubois', 'Yılmaz'])[1 + n % 7] as last_name,
                          (array['member', 'admin', 'editor', 'viewer', 'owner', null, null])[1 + n % 7] as role,
                          now() - interval '400 days' + n * interval '1 second' as created
                        from generate_series(1, ?) as n) as numbered) as named""".replace("USER_ID", USER_ID.formatted("n"));

    // Delivery records, oldest first (svix-ids grow with time, as Svix's do): mostly applied, a few
    // stale, ignored or failed (a failed one keeps its error and payload, as the WAR keeps them).
    // Parameters: the record count (twice) and the user count.
    private static final String EVENTS = """
            insert into webhook_events (svix_id, event_type, user_id, outcome, error, payload, attempts, received_at,
                processed_at)
            select svix_id, event_type, user_id, outcome,
                case when outcome = 'failed' then 'database unavailable: connection refused' end,
                case when outcome = 'failed' then '{"type":"' || event_type || '","data":{"id":"' || user_id || '"}}' end,
                case when outcome = 'failed' then 3 else 1 end,
                received_at, received_at + (i % 40) * interval '1 millisecond'
            from (select i, 'msg_2pre' || lpad(i::text, 10, '0') || substr(md5(i::text), 1, 16) as svix_id,
                    case when i % 20 = 0 then 'user.deleted' when i % 20 < 3 then 'user.created'
                         else 'user.updated' end as event_type,
                    USER_ID as user_id,
                    case when i % 1000 < 970 then 'applied' when i % 1000 < 990 then 'stale'
                         when i % 1000 < 998 then 'ignored' else 'failed' end as outcome,
                    now() - interval 'DAYS days' * (1 - (i - 1)::float8 / total) as received_at
                  from (select i, total, 1 + (i * 7919) % ? as user_number
                        from (select ?::bigint as total) as t, generate_series(1, total) as i) as g) as numbered"""
            .replace("USER_ID", USER_ID.formatted("user_number")).replace("DAYS", Integer.toString(DAYS));

    static final Preload NONE = new Preload(0, 0, false);

    /** From {@code bench.preloadUsers}, {@code bench.preloadEvents} and {@code bench.preload} ({@code full} or {@code compare}). */
    static Preload parse(String users, String events, String mode) {
        Preload preload = new Preload(count("bench.preloadUsers", users), count("bench.preloadEvents", events),
                switch (mode.isBlank() ? "full" : mode.trim().toLowerCase(Locale.ROOT)) {
                    case "full" -> false;
                    case "compare" -> true;
                    default -> throw new IllegalArgumentException("bench.preload must be full or compare, was " + mode);
                });
        if (preload.events > 0 && preload.users == 0) {
            throw new IllegalArgumentException("bench.preloadEvents needs bench.preloadUsers: the records name users");
        }
        if (preload.compare && preload.users == 0) {
            throw new IllegalArgumentException("bench.preload=compare needs bench.preloadUsers (and bench.preloadEvents)");
        }
        return preload;
    }

    boolean any() {
        return users > 0;
    }

    /** Fills the tables, then vacuums and analyses them; prints how long each step took. */
    void fill(TargetDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(USERS)) {
                insert.setLong(1, users);
                insert.executeUpdate();
            }
            long usersDone = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(EVENTS)) {
                insert.setLong(1, users);
                insert.setLong(2, events);
                insert.executeUpdate();
            }
            long eventsDone = System.nanoTime();
            try (Statement vacuum = connection.createStatement()) {
                vacuum.execute("vacuum analyze users, webhook_events");
            }
            long done = System.nanoTime();
            System.out.printf(Locale.ROOT, "preload: %d users and %d delivery records in %.1f s (users %.1f s,"
                            + " records %.1f s, vacuum analyze %.1f s)%n", users, events, seconds(done - started),
                    seconds(usersDone - started), seconds(eventsDone - usersDone), seconds(done - eventsDone));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long count(String name, String value) {
        long count = value.isBlank() ? 0 : Long.parseLong(value.trim());
        if (count < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + count);
        }
        return count;
    }

    @Override
    public String toString() {
        return any() ? " preload=" + (compare ? "compare" : "full") + " preloadUsers=" + users
                + " preloadEvents=" + events : "";
    }
}
