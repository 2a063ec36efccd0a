-- Each user's admission to replies on the system's keys, as llm-service last announced it (AdmissionChanged on
-- llm.usage.v1): a post is refused here, without asking llm-service, while refused and not yet reset. A user with
-- no row is admitted. The newest occurred_at wins: a replayed or late older event changes nothing.
create table system_key_admission (
    owner_id          text        primary key,
    refused           boolean     not null,
    limit_name        text,
    resets_at         timestamptz,
    detail            text,
    own_key_providers text[]      not null default '{}',
    occurred_at       timestamptz not null
);
