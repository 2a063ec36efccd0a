create table chat (
    id               uuid        primary key,
    owner_id         text        not null,
    title            text        not null,
    model            text,
    pinned           boolean     not null default false,
    archived         boolean     not null default false,
    created_at       timestamptz not null,
    last_activity_at timestamptz not null
);

-- the sidebar: a user's chats, newest activity first
create index chat_owner_activity on chat (owner_id, last_activity_at desc, id desc);
