-- duplicate-column-assignment: fires
-- target: pg16
UPDATE users SET name = 'a', name = 'b' WHERE id = 1;  -- expect
