-- Users an admin disabled (auth.users.v1): their sensitive calls are refused at once, before their last access
-- token expires. A row appears on UserDisabled and goes on UserEnabled.
create table disabled_user (
    user_id     text        primary key,
    disabled_at timestamptz not null
);
