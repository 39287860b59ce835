ALTER TABLE b ADD COLUMN note varchar(100);
