-- sti-type-column: fires
-- target: pg16
ALTER TABLE users ADD COLUMN type text DEFAULT 'Admin';  -- expect
