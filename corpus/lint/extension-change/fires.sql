-- extension-change: fires
-- target: pg16
CREATE EXTENSION IF NOT EXISTS pg_trgm;  -- expect
