package dev.clerksync.organizations;

import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import dev.clerksync.persistence.Transactions;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The only code that writes SQL for {@code organizations}, {@code organization_memberships} and
 * their tombstones: one aggregate, since a membership needs its organization and an organization's
 * deletion takes its memberships. The statements for a sync run inside the caller's transaction,
 * in its round trips; the reads for the API run in transactions of their own.
 */
public final class OrganizationRepository {

    private static final String ORGANIZATION = """
            o.id, o.name, o.slug, o.image_url, o.public_metadata::text, o.max_allowed_memberships, o.created_by,
            o.clerk_created_at, o.clerk_updated_at""";
    private static final String MEMBERSHIP = """
            m.id, m.organization_id, m.user_id, m.role, m.role_name, m.permissions, m.public_metadata::text,
            m.clerk_created_at, m.clerk_updated_at""";

    // ---- locks -------------------------------------------------------------------------------

    /*
     * Serialises every change to an organization and to a user's memberships, across threads and
     * nodes, until the transaction ends: a membership change takes both its organization's lock
     * and its user's, an organization's deletion its organization's, a user's deletion its user's.
     * One statement takes them all in key order; a transaction that also changes users takes the
     * users' locks first (EventTypes), so the order is one across kinds. The prefixes keep these
     * keys apart from the users' own.
     */
    private static final String LOCK = """
            select count(pg_advisory_xact_lock(key))
            from (select distinct key from (
                    select hashtextextended('organization:' || id, 0) from unnest(?::text[]) as o(id)
                    union all select hashtextextended('membership-of:' || id, 0) from unnest(?::text[]) as u(id)
                 ) as all_keys(key) order by key) as keys""";

    // ---- what the rules read -------------------------------------------------------------------

    // Organizations by id or slug, and the ids' tombstones (a tombstone's columns first, null when there is none).
    private static final String LOAD_ORGANIZATIONS = "select t.organization_id, t.deleted_at, " + ORGANIZATION + """

            from (select * from organizations where id = any(?) or slug = any(?)) as o
            full join (select * from organization_tombstones where organization_id = any(?)) as t
              on t.organization_id = o.id""";
    // Memberships by id, by (organization, user), of the organizations deleted and of the users
    // deleted, and the ids' tombstones. A row met by two branches comes twice, taken as once.
    private static final String LOAD_MEMBERSHIPS = "select t.membership_id, t.deleted_at, " + MEMBERSHIP + """

            from (select * from organization_memberships where id = any(?)
                  union all select m.* from organization_memberships as m
                      join unnest(?::text[], ?::text[]) as p(organization_id, user_id)
                        on m.organization_id = p.organization_id and m.user_id = p.user_id
                  union all select * from organization_memberships where organization_id = any(?)
                  union all select * from organization_memberships where user_id = any(?)) as m
            full join (select * from membership_tombstones where membership_id = any(?)) as t
              on t.membership_id = m.id""";

    // ---- what the rules decided ----------------------------------------------------------------

    // Statements of one round trip, run in this order: the memberships go first and come last, so
    // that an organization is there before a membership names it (the foreign key is checked at
    // once; the slug and pair uniqueness only at commit).
    private static final String DELETE_MEMBERSHIPS = "delete from organization_memberships where id = any(?)";
    private static final String BURY_MEMBERSHIPS = """
            insert into membership_tombstones (membership_id, deleted_at, recorded_at)
            select id, deleted_at, now() from unnest(?::text[], ?::timestamptz[]) as t(id, deleted_at)
            on conflict (membership_id) do update
            set deleted_at = greatest(membership_tombstones.deleted_at, excluded.deleted_at)""";
    private static final String DELETE_ORGANIZATIONS = "delete from organizations where id = any(?)";
    private static final String BURY_ORGANIZATIONS = """
            insert into organization_tombstones (organization_id, deleted_at, recorded_at)
            select id, deleted_at, now() from unnest(?::text[], ?::timestamptz[]) as t(id, deleted_at)
            on conflict (organization_id) do update
            set deleted_at = greatest(organization_tombstones.deleted_at, excluded.deleted_at)""";
    // An organization outside the batch's locks gives up its slug only if the row as it is now
    // still holds it in a version no newer than the claim's; announced only if it did.
    private static final String RELEASE_SLUGS = """
            with released as (
                update organizations set slug = null, updated_at = now()
                from unnest(?::text[], ?::text[], ?::timestamptz[]) as r(id, slug, claimed_at)
                where organizations.id = r.id and organizations.slug = r.slug
                  and organizations.clerk_updated_at <= r.claimed_at
                returning organizations.id)
            select count(pg_notify('clerk_sync_organizations', json_build_object('kind', 'organization', 'id', id,
                'organizationId', id, 'op', 'updated')::text))
            from released""";
    private static final String UPSERT_ORGANIZATIONS = """
            insert into organizations (id, name, slug, image_url, public_metadata, max_allowed_memberships,
                created_by, clerk_created_at, clerk_updated_at)
            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::integer[], ?::text[],
                ?::timestamptz[], ?::timestamptz[])
            on conflict (id) do update set name = excluded.name, slug = excluded.slug,
                image_url = excluded.image_url, public_metadata = excluded.public_metadata,
                max_allowed_memberships = excluded.max_allowed_memberships, created_by = excluded.created_by,
                clerk_created_at = excluded.clerk_created_at, clerk_updated_at = excluded.clerk_updated_at,
                updated_at = now()""";
    // Permissions come as one JSON array per row: unnest cannot take an array of arrays of different lengths.
    private static final String UPSERT_MEMBERSHIPS = """
            insert into organization_memberships (id, organization_id, user_id, role, role_name, permissions,
                public_metadata, clerk_created_at, clerk_updated_at)
            select id, organization_id, user_id, role, role_name,
                array(select jsonb_array_elements_text(permissions)), public_metadata, clerk_created_at,
                clerk_updated_at
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::jsonb[],
                ?::timestamptz[], ?::timestamptz[])
                as m(id, organization_id, user_id, role, role_name, permissions, public_metadata, clerk_created_at,
                     clerk_updated_at)
            on conflict (id) do update set organization_id = excluded.organization_id, user_id = excluded.user_id,
                role = excluded.role, role_name = excluded.role_name, permissions = excluded.permissions,
                public_metadata = excluded.public_metadata, clerk_created_at = excluded.clerk_created_at,
                clerk_updated_at = excluded.clerk_updated_at, updated_at = now()""";
    // Delivered to LISTENers only if the transaction commits; userId is left out for an organization.
    private static final String NOTIFY = """
            select count(pg_notify('clerk_sync_organizations', json_strip_nulls(json_build_object('kind', kind,
                'id', id, 'organizationId', organization_id, 'userId', user_id, 'op', op))::text))
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as n(kind, id, organization_id,
                user_id, op)""";

    // ---- reads for the API and retention -------------------------------------------------------

    private static final String PAGE = "select " + ORGANIZATION + """
            , (select count(*) from organization_memberships as c where c.organization_id = o.id)
            from organizations as o where (?::text is null or o.id > ?)
            order by o.id limit ?""";
    private static final String FIND = "select " + ORGANIZATION + """
            , (select count(*) from organization_memberships as c where c.organization_id = o.id)
            from organizations as o where o.id = ?""";
    private static final String MEMBERS = "select " + MEMBERSHIP + """

            from organization_memberships as m
            where m.organization_id = ? and (?::text is null or m.role = ?) and (?::text is null or m.id > ?)
            order by m.id limit ?""";
    private static final String MEMBERSHIPS_OF_USER = "select " + MEMBERSHIP + ", " + ORGANIZATION + """

            from organization_memberships as m join organizations as o on o.id = m.organization_id
            where m.user_id = ? order by o.id""";
    private static final String MEMBERSHIP_OF = "select " + MEMBERSHIP + """

            from organization_memberships as m where m.organization_id = ? and m.user_id = ?""";
    private static final String PURGE_ORGANIZATION_TOMBSTONES = """
            delete from organization_tombstones where organization_id in (
                select organization_id from organization_tombstones
                where recorded_at < ? and organization_id <> all(?) limit ?)""";
    private static final String PURGE_MEMBERSHIP_TOMBSTONES = """
            delete from membership_tombstones where membership_id in (
                select membership_id from membership_tombstones
                where recorded_at < ? and membership_id <> all(?) limit ?)""";

    // ---- reconcile's deleteMissing ---------------------------------------------------------------

    // Rows a reconcile's walk did not list (the ids it saw are in a temporary table) and nothing wrote
    // since it began, keyset-paged by id.
    private static final String UNLISTED_ORGANIZATIONS = """
            select o.id from organizations as o
            where o.id > ? and o.updated_at < ?
              and not exists (select 1 from %s as s where s.id = o.id)
            order by o.id
            limit ?""";
    private static final String UNLISTED_MEMBERSHIPS = "select " + MEMBERSHIP + """

            from organization_memberships as m
            where m.id > ? and m.updated_at < ?
              and not exists (select 1 from %s as s where s.id = m.id)
            order by m.id
            limit ?""";
    // The same rows again once their locks are held: a webhook may have written one since.
    private static final String UNWRITTEN_ORGANIZATIONS = """
            select o.id from organizations as o where o.id = any(?) and o.updated_at < ? order by o.id""";
    private static final String UNWRITTEN_MEMBERSHIPS = "select " + MEMBERSHIP + """

            from organization_memberships as m where m.id = any(?) and m.updated_at < ? order by m.id""";

    private static final String CHECK_COLUMNS = "select " + ORGANIZATION + ", o.created_at, o.updated_at, "
            + MEMBERSHIP + ", m.created_at, m.updated_at, t.organization_id, t.deleted_at, t.recorded_at,"
            + " mt.membership_id, mt.deleted_at, mt.recorded_at"
            + " from organizations as o, organization_memberships as m, organization_tombstones as t,"
            + " membership_tombstones as mt limit 0";

    private final Transactions transactions;

    public OrganizationRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Fails unless the tables have every column named here: at start, rather than at the first delivery. */
    public void checkColumns() {
        transactions.inTransaction(connection -> {
            RoundTrip.run(connection, RoundTrip.Part.of(CHECK_COLUMNS, (select, i) -> i, result -> { }));
            return null;
        });
    }

    /** Takes the locks of these organizations and of these users' memberships (see {@link #LOCK}). */
    RoundTrip.Part lock(Collection<String> organizationIds, Collection<String> userIds) {
        return RoundTrip.Part.of(LOCK, (statement, index) -> {
            statement.setArray(index + 1, SqlArrays.texts(statement.getConnection(), organizationIds));
            statement.setArray(index + 2, SqlArrays.texts(statement.getConnection(), userIds));
            return index + 2;
        });
    }

    /** What a sync reads: once it has run, the rows and tombstones it found. */
    final class Load {
        final List<OrganizationRow> organizations = new ArrayList<>();
        final Map<String, Instant> organizationTombstones = new HashMap<>();
        final Map<String, MembershipRow> memberships = new LinkedHashMap<>();
        final Map<String, Instant> membershipTombstones = new HashMap<>();
        private final List<RoundTrip.Part> parts;

        /**
         * @param pairs (organization id, user id) of the memberships mirrored, to find an older
         *     membership of the same pair
         */
        private Load(Collection<String> organizationIds, Collection<String> slugs, Collection<String> membershipIds,
                List<String[]> pairs, Collection<String> deletedOrganizations, Collection<String> deletedUsers) {
            RoundTrip.Part organizationRows = RoundTrip.Part.of(LOAD_ORGANIZATIONS, (select, index) -> {
                Connection connection = select.getConnection();
                Array ids = SqlArrays.texts(connection, organizationIds);
                select.setArray(index + 1, ids);
                select.setArray(index + 2, SqlArrays.texts(connection, slugs));
                select.setArray(index + 3, ids);
                return index + 3;
            }, result -> {
                if (result.getString(1) != null) {
                    organizationTombstones.put(result.getString(1), instant(result, 2));
                }
                if (result.getString(3) != null) {
                    organizations.add(organization(result, 3));
                }
            });
            RoundTrip.Part membershipRows = RoundTrip.Part.of(LOAD_MEMBERSHIPS, (select, index) -> {
                Connection connection = select.getConnection();
                Array ids = SqlArrays.texts(connection, membershipIds);
                select.setArray(index + 1, ids);
                select.setArray(index + 2, SqlArrays.texts(connection, pairs.stream().map(p -> p[0]).toList()));
                select.setArray(index + 3, SqlArrays.texts(connection, pairs.stream().map(p -> p[1]).toList()));
                select.setArray(index + 4, SqlArrays.texts(connection, deletedOrganizations));
                select.setArray(index + 5, SqlArrays.texts(connection, deletedUsers));
                select.setArray(index + 6, ids);
                return index + 6;
            }, result -> {
                if (result.getString(1) != null) {
                    membershipTombstones.put(result.getString(1), instant(result, 2));
                }
                if (result.getString(3) != null) {
                    MembershipRow row = membership(result, 3);
                    memberships.put(row.id(), row);
                }
            });
            this.parts = List.of(organizationRows, membershipRows);
        }

        List<RoundTrip.Part> parts() {
            return parts;
        }
    }

    Load load(Collection<String> organizationIds, Collection<String> slugs, Collection<String> membershipIds,
            List<String[]> pairs, Collection<String> deletedOrganizations, Collection<String> deletedUsers) {
        return new Load(organizationIds, slugs, membershipIds, pairs, deletedOrganizations, deletedUsers);
    }

    /** A batch's writes, as statements of one round trip (see {@link #DELETE_MEMBERSHIPS}): none when nothing changes. */
    List<RoundTrip.Part> write(OrganizationWrites writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        List<RoundTrip.Part> parts = new ArrayList<>();
        if (!writes.membershipDeletes().isEmpty()) {
            parts.add(texts(DELETE_MEMBERSHIPS, List.of(writes.membershipDeletes())));
        }
        if (!writes.membershipTombstones().isEmpty()) {
            parts.add(tombstones(BURY_MEMBERSHIPS, writes.membershipTombstones()));
        }
        if (!writes.deletes().isEmpty()) {
            parts.add(texts(DELETE_ORGANIZATIONS, List.of(writes.deletes())));
        }
        if (!writes.tombstones().isEmpty()) {
            parts.add(tombstones(BURY_ORGANIZATIONS, writes.tombstones()));
        }
        List<OrganizationWrites.SlugRelease> releases = writes.slugReleases();
        if (!releases.isEmpty()) {
            // It joins arrays to organizations: never with a generic plan.
            parts.add(PlanMode.CUSTOM_FROM_NOW_ON);
            parts.add(texts(RELEASE_SLUGS, List.of(
                    column(releases, OrganizationWrites.SlugRelease::organizationId),
                    column(releases, OrganizationWrites.SlugRelease::slug),
                    column(releases, release -> release.claimedAt().toString()))));
        }
        List<OrganizationRow> organizations = writes.upserts();
        if (!organizations.isEmpty()) {
            parts.add(texts(UPSERT_ORGANIZATIONS, List.of(
                    column(organizations, OrganizationRow::id),
                    column(organizations, OrganizationRow::name),
                    column(organizations, OrganizationRow::slug),
                    column(organizations, OrganizationRow::imageUrl),
                    column(organizations, OrganizationRow::publicMetadata),
                    column(organizations, row -> text(row.maxAllowedMemberships())),
                    column(organizations, OrganizationRow::createdBy),
                    column(organizations, row -> text(row.clerkCreatedAt())),
                    column(organizations, row -> text(row.clerkUpdatedAt())))));
        }
        List<MembershipRow> memberships = writes.membershipUpserts();
        if (!memberships.isEmpty()) {
            parts.add(texts(UPSERT_MEMBERSHIPS, List.of(
                    column(memberships, MembershipRow::id),
                    column(memberships, MembershipRow::organizationId),
                    column(memberships, MembershipRow::userId),
                    column(memberships, MembershipRow::role),
                    column(memberships, MembershipRow::roleName),
                    column(memberships, row -> jsonArray(row.permissions())),
                    column(memberships, MembershipRow::publicMetadata),
                    column(memberships, row -> text(row.clerkCreatedAt())),
                    column(memberships, row -> text(row.clerkUpdatedAt())))));
        }
        List<OrganizationWrites.Notification> notifications = writes.notifications();
        if (!notifications.isEmpty()) {
            parts.add(texts(NOTIFY, List.of(
                    column(notifications, OrganizationWrites.Notification::kind),
                    column(notifications, OrganizationWrites.Notification::id),
                    column(notifications, OrganizationWrites.Notification::organizationId),
                    column(notifications, OrganizationWrites.Notification::userId),
                    column(notifications, OrganizationWrites.Notification::op))));
        }
        return parts;
    }

    /** A statement whose parameters are text arrays, one per column, in order. */
    private static RoundTrip.Part texts(String sql, List<List<String>> columns) {
        return RoundTrip.Part.of(sql, (statement, index) -> {
            int i = index;
            for (List<String> values : columns) {
                statement.setArray(++i, SqlArrays.texts(statement.getConnection(), values));
            }
            return i;
        });
    }

    private static RoundTrip.Part tombstones(String sql, Map<String, Instant> deletedAt) {
        List<String> ids = new ArrayList<>(deletedAt.keySet());
        return texts(sql, List.of(ids, ids.stream().map(id -> deletedAt.get(id).toString()).toList()));
    }

    private static <T> List<String> column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String jsonArray(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array.build().toString();
    }

    // ---- reads in transactions of their own ----------------------------------------------------

    /** Keyset paging by id: the organizations after {@code afterId}, each with its count of members. */
    public OrganizationPage page(Optional<String> afterId, int limit) {
        List<OrganizationView> found = transactions.inTransaction(connection -> {
            List<OrganizationView> rows = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(PAGE, (select, i) -> {
                select.setString(i + 1, afterId.orElse(null));
                select.setString(i + 2, afterId.orElse(null));
                select.setInt(i + 3, limit + 1);
                return i + 3;
            }, result -> rows.add(OrganizationView.of(organization(result, 1), result.getLong(10)))));
            return rows;
        });
        boolean more = found.size() > limit;
        List<OrganizationView> page = more ? found.subList(0, limit) : found;
        return new OrganizationPage(page, more ? page.get(page.size() - 1).id() : null);
    }

    public Optional<OrganizationView> find(String organizationId) {
        return transactions.inTransaction(connection -> {
            List<OrganizationView> found = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(FIND, (select, i) -> {
                select.setString(i + 1, organizationId);
                return i + 1;
            }, result -> found.add(OrganizationView.of(organization(result, 1), result.getLong(10)))));
            return found.stream().findFirst();
        });
    }

    /** Keyset paging by membership id: the members of one organization, optionally of one role. */
    public MembershipPage members(String organizationId, Optional<String> role, Optional<String> afterId, int limit) {
        List<MembershipRow> found = transactions.inTransaction(connection -> {
            List<MembershipRow> rows = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(MEMBERS, (select, i) -> {
                select.setString(i + 1, organizationId);
                select.setString(i + 2, role.orElse(null));
                select.setString(i + 3, role.orElse(null));
                select.setString(i + 4, afterId.orElse(null));
                select.setString(i + 5, afterId.orElse(null));
                select.setInt(i + 6, limit + 1);
                return i + 6;
            }, result -> rows.add(membership(result, 1))));
            return rows;
        });
        boolean more = found.size() > limit;
        List<MembershipRow> page = more ? found.subList(0, limit) : found;
        return new MembershipPage(page, more ? page.get(page.size() - 1).id() : null);
    }

    /** The user's memberships, each with its organization, by organization id. */
    public List<UserMembership> membershipsOf(String userId) {
        return transactions.inTransaction(connection -> {
            List<UserMembership> rows = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(MEMBERSHIPS_OF_USER, (select, i) -> {
                select.setString(i + 1, userId);
                return i + 1;
            }, result -> rows.add(new UserMembership(membership(result, 1), organization(result, 10)))));
            return rows;
        });
    }

    /** The user's membership in the organization, if any. */
    public Optional<MembershipRow> membership(String organizationId, String userId) {
        return transactions.inTransaction(connection -> membership(connection, organizationId, userId));
    }

    /** The same, in the caller's transaction. */
    public Optional<MembershipRow> membership(Connection connection, String organizationId, String userId)
            throws SQLException {
        List<MembershipRow> rows = new ArrayList<>();
        RoundTrip.run(connection, RoundTrip.Part.of(MEMBERSHIP_OF, (select, i) -> {
            select.setString(i + 1, organizationId);
            select.setString(i + 2, userId);
            return i + 2;
        }, result -> rows.add(membership(result, 1))));
        return rows.stream().findFirst();
    }

    /**
     * Reconcile: up to {@code limit} ids after {@code afterId} of organizations whose ids are not in
     * {@code listedTable} (a table of one {@code id} column) and that nothing wrote before {@code before}.
     */
    public List<String> unlistedOrganizations(Connection connection, String listedTable, String afterId,
            Instant before, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        RoundTrip.run(connection, unlisted(UNLISTED_ORGANIZATIONS.formatted(listedTable), afterId, before, limit,
                result -> ids.add(result.getString(1))));
        return ids;
    }

    /** The same for memberships, whole: deleting one needs its organization and user. */
    public List<MembershipRow> unlistedMemberships(Connection connection, String listedTable, String afterId,
            Instant before, int limit) throws SQLException {
        List<MembershipRow> rows = new ArrayList<>();
        RoundTrip.run(connection, unlisted(UNLISTED_MEMBERSHIPS.formatted(listedTable), afterId, before, limit,
                result -> rows.add(membership(result, 1))));
        return rows;
    }

    private static RoundTrip.Part unlisted(String sql, String afterId, Instant before, int limit,
            RoundTrip.RowReader rows) {
        return RoundTrip.Part.of(sql, (select, i) -> {
            select.setString(i + 1, afterId);
            select.setObject(i + 2, before.atOffset(ZoneOffset.UTC));
            select.setInt(i + 3, limit);
            return i + 3;
        }, rows);
    }

    /**
     * Takes the locks of these organizations until the transaction ends, then answers those of them
     * still last written before {@code before}: what a webhook wrote meanwhile is no longer a candidate.
     */
    public List<String> lockUnwrittenOrganizations(Connection connection, Collection<String> organizationIds,
            Instant before) throws SQLException {
        List<String> ids = new ArrayList<>();
        RoundTrip.run(connection, lock(organizationIds, List.of()),
                RoundTrip.Part.of(UNWRITTEN_ORGANIZATIONS, (select, i) -> {
                    select.setArray(i + 1, SqlArrays.texts(select.getConnection(), organizationIds));
                    select.setObject(i + 2, before.atOffset(ZoneOffset.UTC));
                    return i + 2;
                }, result -> ids.add(result.getString(1))));
        return ids;
    }

    /** The same for memberships: their organizations' and users' locks, then the rows as they are now. */
    public List<MembershipRow> lockUnwrittenMemberships(Connection connection, Collection<MembershipRow> memberships,
            Instant before) throws SQLException {
        List<MembershipRow> rows = new ArrayList<>();
        RoundTrip.run(connection,
                lock(memberships.stream().map(MembershipRow::organizationId).distinct().toList(),
                        memberships.stream().map(MembershipRow::userId).distinct().toList()),
                RoundTrip.Part.of(UNWRITTEN_MEMBERSHIPS, (select, i) -> {
                    select.setArray(i + 1, SqlArrays.texts(select.getConnection(),
                            memberships.stream().map(MembershipRow::id).toList()));
                    select.setObject(i + 2, before.atOffset(ZoneOffset.UTC));
                    return i + 2;
                }, result -> rows.add(membership(result, 1))));
        return rows;
    }

    /** @param nextCursor the {@code after} of the next page, or null on the last page */
    public record OrganizationPage(List<OrganizationView> organizations, String nextCursor) {
    }

    /** @param nextCursor the {@code after} of the next page, or null on the last page */
    public record MembershipPage(List<MembershipRow> memberships, String nextCursor) {
    }

    /** A membership of a user, with its organization. */
    public record UserMembership(MembershipRow membership, OrganizationRow organization) {
    }

    /** Retention: up to {@code limit} organization tombstones recorded before {@code cutoff}, none of {@code kept}. */
    public int purgeOrganizationTombstones(Instant cutoff, Collection<String> kept, int limit) {
        return purge(PURGE_ORGANIZATION_TOMBSTONES, cutoff, kept, limit);
    }

    /** Retention: the same for membership tombstones. */
    public int purgeMembershipTombstones(Instant cutoff, Collection<String> kept, int limit) {
        return purge(PURGE_MEMBERSHIP_TOMBSTONES, cutoff, kept, limit);
    }

    private int purge(String sql, Instant cutoff, Collection<String> kept, int limit) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                delete.setArray(2, SqlArrays.texts(connection, kept));
                delete.setInt(3, limit);
                return delete.executeUpdate();
            }
        });
    }

    // ---- rows ------------------------------------------------------------------------------------

    /** The organization whose first column is {@code first}, in the order of {@link #ORGANIZATION}. */
    private static OrganizationRow organization(ResultSet result, int first) throws SQLException {
        return new OrganizationRow(result.getString(first), result.getString(first + 1),
                result.getString(first + 2), result.getString(first + 3), result.getString(first + 4),
                result.getObject(first + 5, Integer.class), result.getString(first + 6), instant(result, first + 7),
                instant(result, first + 8));
    }

    /** The membership whose first column is {@code first}, in the order of {@link #MEMBERSHIP}. */
    private static MembershipRow membership(ResultSet result, int first) throws SQLException {
        Array permissions = result.getArray(first + 5);
        return new MembershipRow(result.getString(first), result.getString(first + 1), result.getString(first + 2),
                result.getString(first + 3), result.getString(first + 4),
                Arrays.asList((String[]) permissions.getArray()), result.getString(first + 6),
                instant(result, first + 7), instant(result, first + 8));
    }

    private static Instant instant(ResultSet result, int index) throws SQLException {
        OffsetDateTime time = result.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
