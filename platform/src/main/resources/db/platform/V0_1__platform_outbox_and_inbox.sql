-- Owned by the platform jar: the transactional outbox and the record of consumed events.
-- A service's own migrations live in db/migration and start at V1.

create table outbox (
    id          bigserial primary key,
    event_id    uuid        not null unique,
    topic       text        not null,
    event_key   text        not null,
    event_type  text        not null,
    payload     json        not null, -- json, not jsonb: sent byte for byte as it was written
    created_at  timestamptz not null default now(),
    sent_at     timestamptz
);

create index outbox_unsent on outbox (id) where sent_at is null;
create index outbox_sent_at on outbox (sent_at) where sent_at is not null;

create table processed_event (
    event_id     uuid        primary key,
    processed_at timestamptz not null default now()
);
