-- Users mirrored from Clerk, keyed by the Clerk user id.
create table users (
    id               text primary key,
    email            text,                      -- null for phone, username or web3 sign-ups
    username         text        not null,
    first_name       text,
    last_name        text,
    display_name     text        not null,
    image_url        text,
    phone_number     text,
    role             text        not null,
    public_metadata  jsonb       not null default '{}'::jsonb,
    banned           boolean     not null default false,
    last_sign_in_at  timestamptz,
    clerk_created_at timestamptz,
    clerk_updated_at timestamptz,              -- Clerk's version of the row; null while provisional
    provisional      boolean     not null default false,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

-- Clerk keeps emails unique among live users, case-insensitively; so do we.
create unique index users_email_key on users (lower(email));
-- text_pattern_ops lets the username-suffix search (lower(username) like 'john%') use the index.
create unique index users_username_key on users (lower(username) text_pattern_ops);
create index users_role_id_idx on users (role, id);

-- One row per deleted user: stops a late user.created / user.updated from bringing it back.
create table user_tombstones (
    user_id     text primary key,
    deleted_at  timestamptz not null,          -- the user.deleted envelope timestamp
    recorded_at timestamptz not null default now()
);

-- Every verified delivery, by svix-id: the deduplication key and the audit trail.
create table webhook_events (
    svix_id      text primary key,
    event_type   text,
    user_id      text,
    outcome      text        not null check (outcome in ('applied', 'stale', 'ignored', 'failed')),
    error        text,                         -- why a failed event failed
    payload      text,                         -- kept for failed events only, for inspection
    attempts     integer     not null default 1,
    received_at  timestamptz not null,
    processed_at timestamptz not null
);

create index webhook_events_outcome_received_idx on webhook_events (outcome, received_at desc);
create index webhook_events_received_idx on webhook_events (received_at);
