-- Indexes for the admin reads: members of one organization keyset-paged by id whatever their role,
-- and the role audit trail newest first (by id), of one user or of one organization.
create index organization_memberships_org_id_idx on organization_memberships (organization_id, id);

drop index role_changes_changed_idx;
drop index role_changes_target_idx;
create index role_changes_target_idx on role_changes (target_id, id desc);
create index role_changes_organization_idx on role_changes (organization_id, id desc)
    where organization_id is not null;
