-- A chat may name a fallback model: it answers when the chosen model fails before its first token (the operator's
-- fallback applies otherwise).
alter table chat add column fallback_model text;
