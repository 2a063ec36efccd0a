-- The files a user message refers to (attachment-service's attachments, each checked with attachment-service when
-- the message was posted), in the order they were sent. name, media_type and size_bytes are a copy of what the
-- message shows, so that the tree needs no call to attachment-service; owner_id is the uploader (the poster).
-- deleted: attachment-service announced the file deleted (AttachmentDeleted) since; the reference stays.
create table message_attachment (
    message_id    uuid    not null references message (id) on delete cascade,
    position      int     not null,
    attachment_id uuid    not null,
    owner_id      text    not null,
    name          text    not null,
    media_type    text    not null,
    size_bytes    bigint  not null,
    deleted       boolean not null default false,
    primary key (message_id, position),
    unique (message_id, attachment_id)
);

create index message_attachment_attachment on message_attachment (attachment_id);

-- Every attachment attachment-service announced deleted: a reference stored after the event was handled (a post
-- that raced the deletion) is stored as deleted. Both sides take a transaction-level advisory lock on the
-- attachment id first, so that neither misses the other.
create table deleted_attachment (
    attachment_id uuid        primary key,
    deleted_at    timestamptz not null
);
