-- A share is a read-only snapshot of a chat's active path, frozen when it was created. The token is the only key
-- (random, 256 bits); revoking deletes the row, deleting the chat deletes its shares.
create table share (
    token      text        primary key,
    chat_id    uuid        not null references chat (id) on delete cascade,
    owner_id   text        not null,
    message_id uuid        not null,
    title      text        not null,
    snapshot   jsonb       not null,
    created_at timestamptz not null
);

create index share_chat on share (chat_id, created_at desc);

-- Full-text search over a user's messages and chat titles. 'simple' does no stemming: it works for any language.
create index message_search on message using gin (to_tsvector('simple', content));
create index chat_title_search on chat using gin (to_tsvector('simple', title));
