-- A row the relay can never send (larger than the broker accepts, a topic that cannot exist, or a send that kept
-- failing while the rows around it went out) is parked instead of blocking every row behind it: it is no longer
-- selected, it is kept (never purged) for an operator, and its owner is told so that it can fail what waited on it.
alter table outbox
    add column attempts  integer     not null default 0, -- failed sends counted against this row
    add column failure   text,                           -- the last failure, for an operator
    add column parked_at timestamptz;                    -- set: the relay gave up on this row

drop index outbox_unsent;
create index outbox_unsent on outbox (id) where sent_at is null and parked_at is null;
create index outbox_parked on outbox (parked_at) where parked_at is not null;
