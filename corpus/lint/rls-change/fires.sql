-- rls-change: fires
-- target: pg16
ALTER TABLE users ENABLE ROW LEVEL SECURITY;  -- expect
