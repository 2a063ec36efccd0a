-- Messages created in the same transaction share a timestamp; the insertion order says which came first.
alter table message add column seq bigint generated always as identity;
