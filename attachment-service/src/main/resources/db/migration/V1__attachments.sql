create table attachment (
    id           uuid        primary key,
    owner_id     text        not null,
    chat_id      uuid,
    filename     text        not null,
    content_type text        not null,
    size_bytes   bigint      not null,
    object_key   text        not null unique,
    status       text        not null check (status in ('uploaded', 'processing', 'ready', 'failed')),
    created_at   timestamptz not null
);

create index attachment_owner on attachment (owner_id, created_at desc);
