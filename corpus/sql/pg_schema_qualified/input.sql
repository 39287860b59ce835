CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE public.users (id integer PRIMARY KEY);
CREATE TABLE audit.events (
    id bigint PRIMARY KEY,
    user_id integer REFERENCES public.users (id),
    kind text NOT NULL
);
CREATE INDEX events_kind_idx ON audit.events (kind);
ALTER TABLE audit.events ADD COLUMN payload jsonb;
ALTER TABLE audit.events RENAME TO audit_events;
COMMENT ON TABLE audit.audit_events IS 'moved';
CREATE TYPE audit.level AS ENUM ('low', 'high');
ALTER TABLE audit.audit_events ADD COLUMN level audit.level;
CREATE VIEW audit.recent AS SELECT id, kind FROM audit.audit_events;
