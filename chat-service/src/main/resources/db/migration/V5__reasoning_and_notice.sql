-- Reasoning models stream their thinking before the answer, in the same delta sequence as the answer text.
alter table message
    -- the model's whole thinking for a finished reply, or null if it streamed none
    add column reasoning      text,
    -- where `reasoning` had got to after each delta (index = seq - 1), alongside delta_ends for the answer text, so
    -- that a client resuming after any delta gets exactly the rest of both; null when there was no reasoning or
    -- when delta_ends is null
    add column reasoning_ends int[],
    -- a sentence the reader should see about how the reply was made (e.g. another model answered), or null
    add column notice         text;
