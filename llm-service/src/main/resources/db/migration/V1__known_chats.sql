-- The chats llm-service has been told about (chat.chats.v1): whose they are and their default model, so that
-- generation and usage can be checked and attributed without calling chat-service.
create table known_chat (
    chat_id    uuid        primary key,
    owner_id   text        not null,
    model      text,
    created_at timestamptz not null
);

create index known_chat_owner on known_chat (owner_id);
