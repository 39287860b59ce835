-- db-default-dropped-early: fires
-- target: pg16
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;  -- expect
