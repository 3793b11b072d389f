-- The ids a reconcile run has seen in Clerk, per run and kind, so that PostgreSQL finds the local
-- rows Clerk did not list. They were in a temporary table on the run's own connection; behind a
-- pooler in transaction mode (PgBouncer) each statement may run on another server connection, where
-- that table is missing, or is an older run's: a plain table keyed by the run needs no session.
-- Logged on purpose: an unlogged table comes back empty after a crash, and a run that went on
-- would then take every user for unlisted.
create table reconcile_seen (
    run_id text not null,
    kind text not null,
    id text not null,
    seen_at timestamptz not null default now(),
    primary key (run_id, kind, id)
);
create index reconcile_seen_seen_at_idx on reconcile_seen (seen_at);

-- Who runs the reconcile, one run at a time across nodes. A session-level advisory lock did this,
-- but behind a pooler in transaction mode it stays on whichever server connection took it. A
-- lease in a row needs no session; its holder renews it while the run lasts, and a node that dies
-- holding it leaves it to expire.
create table reconcile_lease (
    name text primary key,
    holder text not null,
    expires_at timestamptz not null
);
