-- Clerk organizations and memberships, mirrored with the same guarantees as users.

create table organizations (
    id                      text primary key,
    name                    text        not null,
    slug                    text,                      -- null while a newer holder has it (see below)
    image_url               text,
    public_metadata         jsonb       not null default '{}'::jsonb,
    max_allowed_memberships integer,
    created_by              text,
    clerk_created_at        timestamptz,
    clerk_updated_at        timestamptz not null,      -- Clerk's version of the row
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);

-- Clerk keeps slugs unique among live organizations; an older holder gives its slug up, as with
-- emails. Checked at commit: two organizations may trade slugs inside one batch.
alter table organizations
    add constraint organizations_slug_key unique (slug) deferrable initially deferred;

create table organization_memberships (
    id               text primary key,
    organization_id  text        not null references organizations (id) on delete cascade,
    user_id          text        not null,            -- no foreign key: a membership may arrive before its user
    role             text        not null,            -- Clerk's key as sent: org:admin, or legacy admin / basic_member
    role_name        text,
    permissions      text[]      not null default '{}',
    public_metadata  jsonb       not null default '{}'::jsonb,
    clerk_created_at timestamptz,
    clerk_updated_at timestamptz not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

-- One membership per organization and user: a newer membership id for the pair replaces the older.
alter table organization_memberships
    add constraint organization_memberships_pair_key unique (organization_id, user_id)
        deferrable initially deferred;
-- "Which organizations does this user belong to" (/api/me, user.deleted).
create index organization_memberships_user_idx on organization_memberships (user_id);
-- Members of one organization by role, keyset-paged by id.
create index organization_memberships_org_role_idx on organization_memberships (organization_id, role, id);

-- Deleted organizations and memberships: stop a late event from bringing them back.
create table organization_tombstones (
    organization_id text primary key,
    deleted_at      timestamptz not null,
    recorded_at     timestamptz not null default now()
);

create table membership_tombstones (
    membership_id text primary key,
    deleted_at    timestamptz not null,
    recorded_at   timestamptz not null default now()
);

-- Organization role changes through the delegated endpoint share the audit trail of user roles.
alter table role_changes add column organization_id text;
create index role_changes_changed_idx on role_changes (changed_at desc, id desc);
