-- The replies llm-service generated: the claim that makes a replayed ReplyRequested harmless (the row exists),
-- then the outcome and token counts once the reply ends (the seed of the usage ledger).
create table reply (
    id            uuid        primary key, -- the reply id: the assistant message the reply fills
    chat_id       uuid        not null,
    owner_id      text        not null,
    model         text        not null,
    status        text        not null check (status in ('generating', 'completed', 'failed', 'stopped')),
    finish_reason text,                    -- completed: stop | length; stopped: stopped
    input_tokens  bigint      not null default 0,
    output_tokens bigint      not null default 0,
    started_at    timestamptz not null default now(),
    finished_at   timestamptz
);

create index reply_owner_started on reply (owner_id, started_at);
create index reply_generating on reply (started_at) where status = 'generating';
