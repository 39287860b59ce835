-- unbatched-dml: does not fire
-- target: pg16
UPDATE users SET status = 'new' WHERE id BETWEEN 1 AND 1000;
