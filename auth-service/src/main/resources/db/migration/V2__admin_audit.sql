-- Every admin action: who did what to whom, when (kept in auth-service's own database, read by GET /api/admin/audit).
create table admin_audit (
    id              bigserial   primary key,
    at              timestamptz not null default now(),
    actor_id        text        not null,
    actor_username  text,
    action          text        not null,
    target_id       text,
    target_username text,
    detail          text
);

create index admin_audit_at on admin_audit (at desc);
