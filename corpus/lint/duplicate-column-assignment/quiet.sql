-- duplicate-column-assignment: does not fire
-- target: pg16
UPDATE users SET name = 'a', email = 'b' WHERE id = 1;
