-- Event-carried conversations (ADR 0023): a chat created from now on sends each user message to llm-service as a
-- MessagePosted event (and a branch as ChatBranched), and its reply requests carry no history. Chats that existed
-- before keep sending the branch in every ReplyRequested (the legacy path): llm-service never saw their messages.
alter table chat add column conversation_events boolean not null default false;
alter table chat alter column conversation_events set default true;
