CREATE TABLE shirts (
  id int AUTO_INCREMENT PRIMARY KEY,
  size enum('s','m','l') NOT NULL DEFAULT 'm',
  colour enum('red','it''s blue') NULL
);
ALTER TABLE shirts MODIFY size enum('xs','s','m','l','xl') NOT NULL DEFAULT 'm';
ALTER TABLE shirts ADD COLUMN fit enum('slim','regular');
