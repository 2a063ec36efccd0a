-- The last admission (to replies on the system's keys) announced per user as AdmissionChanged, so that a refresh
-- publishes only a change. A row with the defaults is "admitted, no own keys": what consumers assume of a user they
-- never heard of. The row is also the lock that serialises one user's refreshes (newest computed is newest sent).
create table admission_state (
    owner_id          text        primary key,
    refused           boolean     not null default false,
    limit_name        text,
    resets_at         timestamptz,
    own_key_providers text[]      not null default '{}',
    changed_at        timestamptz not null default now()
);
