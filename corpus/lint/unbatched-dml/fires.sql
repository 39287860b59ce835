-- unbatched-dml: fires
-- target: pg16
UPDATE users SET status = 'new' WHERE status IS NULL;  -- expect
