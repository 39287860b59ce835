-- rename-enum-value: fires
-- target: pg16
ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';  -- expect
