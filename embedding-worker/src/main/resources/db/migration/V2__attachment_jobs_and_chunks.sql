-- The pipeline's work list and what it makes. The real[] chunk table of V1 never held data: it is replaced.

-- One row per attachment, written when AttachmentUploaded (or AttachmentDeleted) is consumed; the job runner claims
-- rows with FOR UPDATE SKIP LOCKED. A replayed AttachmentUploaded finds its row and adds nothing.
create table attachment_job (
    attachment_id  uuid        primary key,
    owner_id       text        not null,
    chat_id        uuid,
    name           text,                              -- null for a deletion that arrived before its upload
    media_type     text,
    size_bytes     bigint,
    object_key     text,
    status         text        not null,              -- queued | running | ready | failed | deleted
    attempts       int         not null default 0,    -- claims so far (a job that kills the worker ends failed)
    not_before     timestamptz not null default now(),-- a retried job waits until then
    claim_token    uuid,                              -- the current claim: only its holder may finish the job
    lease_until    timestamptz,                       -- renewed while the job runs; past it the job is resumed
    failure_code   text,
    failure_reason text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create index attachment_job_claimable on attachment_job (created_at) where status in ('queued', 'running');

drop table chunk;

-- A passage of an attachment: its text, where it was found and its embedding (384 little-endian float32 as bytea,
-- ADR 0003), scoped by owner and chat as retrieval is.
create table chunk (
    id              uuid        primary key default gen_random_uuid(),
    attachment_id   uuid        not null,
    owner_id        text        not null,
    chat_id         uuid,
    ordinal         int         not null,
    page            int,                              -- 1-based; null for files without pages (text, DOCX)
    content         text        not null,
    content_tsv     tsvector    generated always as (to_tsvector('english', content)) stored,
    embedding       bytea       not null,
    embedding_model text        not null,
    created_at      timestamptz not null default now(),
    unique (attachment_id, ordinal)
);

create index chunk_owner_chat on chunk (owner_id, chat_id);
create index chunk_content_tsv on chunk using gin (content_tsv);
