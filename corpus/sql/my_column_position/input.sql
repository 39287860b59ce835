CREATE TABLE items (id int PRIMARY KEY, name varchar(50));
ALTER TABLE items ADD COLUMN sku varchar(20) AFTER id;
ALTER TABLE items ADD COLUMN pos int NOT NULL DEFAULT 0 FIRST;
ALTER TABLE items MODIFY COLUMN name varchar(80) AFTER pos;
