-- A repeated POST …/messages or …/regenerate with the same Idempotency-Key answers what the first one made, once:
-- the key is unique per user and chat, inserted in the same transaction as the messages (a racing second request
-- waits on it, then reads the winner's row). request_hash tells a repeat from a different request under the same
-- key. Rows older than t3chat.messages.idempotency.kept-for are purged.
create table idempotency_key (
    owner_id             text        not null,
    chat_id              uuid        not null references chat (id) on delete cascade,
    key                  text        not null,
    request_hash         text        not null,
    user_message_id      uuid,
    assistant_message_id uuid        not null,
    created_at           timestamptz not null,
    primary key (owner_id, chat_id, key)
);

create index idempotency_key_created on idempotency_key (created_at);

-- Per-user reply limits (t3chat.posting-limits) are counted from the message table itself: whose chat a message
-- is in, copied onto the message so that one index answers "this user's replies requested in the last minute"
-- and "this user's replies being written now". Branch copies (no request_event_id) are not requests.
alter table message add column owner_id text;
update message m set owner_id = c.owner_id from chat c where c.id = m.chat_id;
alter table message alter column owner_id set not null;
create index message_owner_requested on message (owner_id, created_at)
    where role = 'assistant' and request_event_id is not null;
create index message_owner_pending on message (owner_id) where status = 'pending';
