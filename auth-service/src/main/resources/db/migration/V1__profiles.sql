-- A user's profile and preferences, keyed by the token's subject. No row until the user first changes something:
-- GET /api/me answers defaults (the token's name, theme 'system') until then.
create table user_profile (
    user_id             text        primary key,
    display_name        text,
    default_model       text,
    theme               text        not null default 'system' check (theme in ('light', 'dark', 'system')),
    custom_instructions text,
    updated_at          timestamptz not null default now()
);
