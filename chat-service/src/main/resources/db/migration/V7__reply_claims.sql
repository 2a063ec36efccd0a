-- A reply's lifecycle survives outages of llm-service: chat-service tells a request still waiting for a generator
-- from a generator that went silent, and a guess of its own from the generator's word.
alter table message
    -- when a generator claimed this reply (llm-service's ReplyStarted), set once; null while the request waits
    add column claimed_at  timestamptz,
    -- a failure chat-service decided on its own (its watchdog: silence, or no generator in time); the generator's own
    -- completion or failure may still replace it, a user's stop is never replaced
    add column provisional boolean not null default false;
