CREATE TABLE products (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(50) NOT NULL,
  price int,
  sku varchar(20),
  descr text,
  PRIMARY KEY (id)
);
ALTER TABLE products MODIFY COLUMN name varchar(120) NOT NULL;
ALTER TABLE products MODIFY price decimal(10,2) NOT NULL DEFAULT 0;
ALTER TABLE products CHANGE COLUMN sku stock_code varchar(32) NULL;
ALTER TABLE products CHANGE descr description text;
ALTER TABLE products ALTER COLUMN price SET DEFAULT 1;
ALTER TABLE products ALTER price DROP DEFAULT;
ALTER TABLE products ADD COLUMN weight int;
ALTER TABLE products ADD COLUMN position int NOT NULL DEFAULT 0;
ALTER TABLE products RENAME COLUMN weight TO weight_grams;
ALTER TABLE products ADD COLUMN a int, ADD COLUMN b int;
ALTER TABLE products DROP COLUMN a, DROP b;
ALTER TABLE products MODIFY id bigint NOT NULL AUTO_INCREMENT;
