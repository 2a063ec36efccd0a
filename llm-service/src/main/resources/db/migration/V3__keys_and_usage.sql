-- Users' own provider keys, encrypted (AES-256-GCM, a random 96-bit nonce per value; the additional data binds a
-- ciphertext to its owner and provider). key_id names the master key that sealed it, so master keys can rotate.
-- last4 is kept in clear for the masked listing.
create table provider_key (
    owner_id     text        not null,
    provider     text        not null,
    key_id       text        not null,
    nonce        bytea       not null,
    ciphertext   bytea       not null,
    last4        text        not null,
    base_url     text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    last_used_at timestamptz,
    primary key (owner_id, provider)
);

create index provider_key_key_id on provider_key (key_id);

-- The usage ledger: whose key answered (own keys are not charged against system budgets) and what it cost.
alter table reply add column key_source text not null default 'system' check (key_source in ('own', 'system', 'none'));
alter table reply add column cost_usd numeric(18, 8) not null default 0;

create index reply_owner_source_started on reply (owner_id, key_source, started_at);
