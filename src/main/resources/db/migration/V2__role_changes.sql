-- Who changed which user's role from what to what, through POST /api/admin/set-role.
-- No foreign key to users on purpose: the audit trail outlives the users it mentions.
create table role_changes (
    id         bigint generated always as identity primary key,
    actor_id   text        not null,
    target_id  text        not null,
    old_role   text,                         -- null when the target had no local row yet
    new_role   text        not null,
    changed_at timestamptz not null
);

create index role_changes_target_idx on role_changes (target_id, changed_at desc);
