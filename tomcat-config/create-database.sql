-- clerk-sync's database and its two roles, for a first deployment (PostgreSQL 13 or later, psql 10
-- or later). Run it once, before the WAR's first start, as a superuser or as the managed service's
-- admin role (one with CREATEROLE and CREATEDB, such as the master user of Amazon RDS):
--
--   psql -X -v ON_ERROR_STOP=1 -h db.example.com -U postgres -d postgres \
--        -v owner_password="$OWNER_PASSWORD" -v runtime_password="$RUNTIME_PASSWORD" \
--        -f create-database.sql
--
-- Not with psql -1 / --single-transaction: CREATE DATABASE cannot run inside a transaction.
-- Running it again is harmless: what exists is kept, the grants are given again.
--
-- psql variables (-v name=value), each optional, with their defaults:
--   database          clerk_sync          the database; DATABASE_URL names it
--   schema            public              CLERK_SYNC_DB_SCHEMA: where the tables and Flyway's history live
--   owner             clerk_sync_owner    owns the database, the schema and every table; the WAR runs its
--                                         migrations as this role (DATABASE_MIGRATION_USER)
--   owner_password    none                the owner's password (DATABASE_MIGRATION_PASSWORD)
--   runtime           clerk_sync_app      the WAR's connection pool (DATABASE_USER): reads and writes rows,
--                                         creates nothing, owns nothing
--   runtime_password  none                the runtime role's password (DATABASE_PASSWORD)
--
-- A password given with -v reaches the server in an ALTER ROLE statement, which a server logging
-- statements (log_statement = 'ddl' or 'all') writes to its log. Leave the passwords out and set
-- them afterwards with psql's \password clerk_sync_app, which sends only a hash.
--
-- Why two roles: on PostgreSQL 15 and later the schema public no longer lets every role create
-- tables (it belongs to the database's owner), so a role that neither owns the database nor was
-- granted CREATE cannot run the migrations; and a role that can run them can also drop every table.
-- So the owner migrates, and the pool works as a role that can only read and write rows.

\set ON_ERROR_STOP on

\if :{?database}
\else
\set database clerk_sync
\endif
\if :{?schema}
\else
\set schema public
\endif
\if :{?owner}
\else
\set owner clerk_sync_owner
\endif
\if :{?runtime}
\else
\set runtime clerk_sync_app
\endif

-- The roles. LOGIN and nothing else: not SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS.
-- A role that already exists is kept as it is.
SELECT format('CREATE ROLE %I LOGIN', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'runtime')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'runtime') \gexec
\if :{?owner_password}
ALTER ROLE :"owner" PASSWORD :'owner_password';
\endif
\if :{?runtime_password}
ALTER ROLE :"runtime" PASSWORD :'runtime_password';
\endif

-- An admin that is not a superuser may only give a database to a role it is a member of; the
-- membership also lets it set the owner's default privileges below.
SELECT NOT rolsuper AS admin_is_not_superuser FROM pg_roles WHERE rolname = current_user \gset
\if :admin_is_not_superuser
GRANT :"owner" TO CURRENT_USER;
\endif

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec

-- Nobody else may connect, nor make temporary tables: the WAR keeps nothing on a session (a
-- reconcile's seen ids are rows of reconcile_seen), so the runtime role needs CONNECT alone.
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"runtime";

\connect :"database"

-- What PostgreSQL 15 made the default, for older servers too: in public, only its owner creates.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The schema belongs to the owner, so that Flyway, running as the owner, creates the tables in it.
-- On PostgreSQL 15 and later public belongs to pg_database_owner, which the owner already is.
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"owner";
SELECT format('ALTER SCHEMA %I OWNER TO %I', nspname, :'owner')
  FROM pg_namespace
 WHERE nspname = :'schema' AND pg_get_userbyid(nspowner) NOT IN (:'owner', 'pg_database_owner') \gexec

-- The runtime role: rows only. No CREATE (so no tables, indexes or functions of its own), no
-- TRUNCATE, no REFERENCES or TRIGGER, no ownership: it cannot change or drop the schema.
-- Everything else the WAR does needs no grant: pg_notify (NOTIFY clerk_sync_users and
-- clerk_sync_organizations), advisory locks, set_config of plan settings.
GRANT USAGE ON SCHEMA :"schema" TO :"runtime";
-- Tables and sequences the owner creates from now on: every migration, including future ones.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema"
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"runtime";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema"
    GRANT USAGE, SELECT ON SEQUENCES TO :"runtime";
-- Tables already there, when the script runs again after the first migrations.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"schema" TO :"runtime";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA :"schema" TO :"runtime";
