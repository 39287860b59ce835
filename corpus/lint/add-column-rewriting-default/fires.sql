-- add-column-rewriting-default: fires
-- target: pg16
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();  -- expect
