CREATE TABLE gizmos (
    id bigserial PRIMARY KEY,
    tags text[] NOT NULL DEFAULT '{}',
    meta jsonb
);
