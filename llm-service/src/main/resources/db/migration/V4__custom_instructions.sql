-- Each user's custom instructions (Settings), as auth-service announced them (auth.users.v1, InstructionsChanged):
-- put first in the prompt of every reply they ask for. A cleared one keeps its row (instructions null), so that an
-- older change delivered again cannot bring it back: a change applies only if it is newer than changed_at.
create table custom_instructions (
    user_id      text        primary key,
    instructions text,
    changed_at   timestamptz not null
);
