-- The conversations replies answer, kept from chat-service's events (ADR 0023) instead of travelling in every
-- ReplyRequested: a user turn per MessagePosted, an assistant turn per ReplyRequested (pending until its reply ends,
-- then complete with its text — a stopped reply too, with its partial text — or failed), and a copy of the path for a
-- ChatBranched (ids ChatBranched.copyId). Ids are chat-service's message ids; a branch is walked from a turn up its
-- parent_id chain. tokens = the turn's estimated prompt cost (text estimate + per-message overhead), so that the walk
-- can stop once the model's input budget is reached. Deleted with the chat (ChatDeleted).
create table turn (
    id         uuid        primary key,
    chat_id    uuid        not null,
    parent_id  uuid,
    role       text        not null check (role in ('user', 'assistant')),
    content    text        not null default '',
    status     text        not null check (status in ('pending', 'complete', 'failed')),
    tokens     int         not null default 0,
    created_at timestamptz not null
);

create index turn_chat on turn (chat_id);

-- ChatBranched.copyId(chat, original) in SQL (UUID.nameUUIDFromBytes of both ids' 16 bytes: md5, then the version-3
-- and IETF-variant bits), so that a branch's path is copied by one statement whatever its length.
create function copy_id(chat uuid, original uuid) returns uuid
    language sql immutable strict parallel safe as $$
    select overlay(overlay(hex placing '3' from 13 for 1)
                   placing substr('89ab', (('x' || substr(hex, 17, 1))::bit(4)::int & 3) + 1, 1) from 17 for 1)::uuid
    from (select md5(uuid_send(chat) || uuid_send(original)) as hex) as h
$$;
