-- Uploads, the worker's progress and outcome, per-user usage and object removals still to do. The V1 table has never
-- held data: its columns are renamed to the API's words.
alter table attachment rename column filename to name;
alter table attachment rename column content_type to media_type;

alter table attachment
    add column stage           text,        -- the worker's stage while processing (scanning, extracting, ocr, embedding)
    add column pages_done      integer,
    add column pages           integer,
    add column chunks          integer,
    add column ocr_pages       integer,
    add column characters      bigint,
    add column scan            text,        -- clean | skipped
    add column note            text,
    add column preview_key     text,        -- the worker's downscaled image (previews/<id>.png|.jpg)
    add column embedding_model text,
    add column failure_code    text,
    add column failure_reason  text,
    add column content_removed boolean     not null default false, -- the original is gone (the scanner found it infected)
    add column progress_at     timestamptz; -- when the newest progress event applied was sent: an older one changes nothing

drop index attachment_owner;
create index attachment_owner_newest on attachment (owner_id, created_at desc, id desc);
create index attachment_owner_chat_newest on attachment (owner_id, chat_id, created_at desc, id desc);

-- What each user stores. The row is locked by the upload's transaction (a conditional update), so concurrent uploads
-- of one user cannot together pass the quota; a delete gives the bytes and the file back in its own transaction.
create table storage_usage (
    owner_id   text   primary key,
    used_bytes bigint not null default 0 check (used_bytes >= 0),
    used_files integer not null default 0 check (used_files >= 0)
);

-- Objects to remove from the store: written in the transaction that deleted the row (or found the file infected), removed
-- right after the commit, and retried by the sweeper until the store has taken the removal.
create table object_removal (
    object_key   text        primary key,
    requested_at timestamptz not null default now(),
    attempts     integer     not null default 0,
    failure      text
);
