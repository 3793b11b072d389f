-- Case-insensitive uniqueness of emails and usernames, decided by one folding rule.
--
-- The keys are folded by clerk-sync itself (users/Keys.fold) and stored beside the values, rather
-- than computed with PostgreSQL's lower(): Java and the database fold some letters differently
-- (Greek final sigma, Turkish dotted I), and the sync decides who holds a key in Java before it
-- writes. One rule in one place means the two can never disagree.
--
-- The unique constraints are checked at commit, not row by row: a batch of deliveries writes each
-- user's final state, and when users trade emails or usernames inside one batch no order of the
-- row writes is free of a transient duplicate, while the committed state is.
alter table users
    add column email_key    text,
    add column username_key text;

update users set email_key = lower(email), username_key = lower(username);

alter table users alter column username_key set not null;

drop index users_email_key;
drop index users_username_key;

alter table users
    add constraint users_email_key unique (email_key) deferrable initially deferred,
    add constraint users_username_key unique (username_key) deferrable initially deferred;

-- Lets the username-suffix search (username_key like 'john%') use an index.
create index users_username_key_prefix_idx on users (username_key text_pattern_ops);
