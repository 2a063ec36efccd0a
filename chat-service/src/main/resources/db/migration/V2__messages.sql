-- The message tree of a chat. A reply is an assistant message that starts `pending` and is written once more
-- when it ends (no per-token writes): `complete` (finish_reason stop, length or stopped) or `failed`.
create table message (
    id               uuid        primary key,
    chat_id          uuid        not null references chat (id) on delete cascade,
    parent_id        uuid        references message (id) on delete cascade,
    role             text        not null check (role in ('user', 'assistant')),
    content          text        not null default '',
    status           text        not null check (status in ('complete', 'pending', 'failed')),
    model            text,
    finish_reason    text,
    input_tokens     bigint,
    output_tokens    bigint,
    error            text,
    -- where each delta of a finished reply ended in `content`, so that a client resuming after delta n gets
    -- exactly the rest; null when unknown (then the whole text is sent)
    delta_ends       int[],
    -- the ReplyRequested event behind a pending reply: until the outbox has sent it, no generator can be late
    request_event_id uuid,
    created_at       timestamptz not null,
    finished_at      timestamptz
);

create index message_chat on message (chat_id, created_at);
create index message_pending on message (created_at) where status = 'pending';

alter table chat add column current_leaf_id uuid references message (id) on delete set null;
