-- Text chunks of attachments and their embeddings. No pgvector here: the vector is a plain real[] and
-- similarity is computed by the worker (see docs/adr/0003).
create table chunk (
    id            uuid        primary key,
    attachment_id uuid        not null,
    owner_id      text        not null,
    chat_id       uuid,
    ordinal       int         not null,
    content       text        not null,
    embedding     real[]      not null,
    created_at    timestamptz not null,
    unique (attachment_id, ordinal)
);

create index chunk_owner_chat on chunk (owner_id, chat_id);
