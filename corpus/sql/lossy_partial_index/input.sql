CREATE TABLE jobs (id integer PRIMARY KEY, state text NOT NULL, run_at timestamp, payload text);
CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE state = 'pending';
