class CreateCustomers < ActiveRecord::Migration[8.0]
  def up
    create_table :customers, id: false do |t|
      t.integer :id, null: false, default: nil, primary_key: true
      t.string :email, limit: 255, null: false
      t.string :name, limit: 100
    end
    case connection.adapter_name
    when "PostgreSQL"
      execute <<~SQL
        ALTER TABLE "customers" ADD CONSTRAINT "customers_email_key" UNIQUE ("email");
      SQL
    when "Mysql2", "Trilogy"
      execute <<~SQL
        ALTER TABLE `customers` ADD CONSTRAINT `customers_email_key` UNIQUE (`email`);
      SQL
    when "SQLite"
      execute <<~SQL
        CREATE TABLE "_polymig_new_customers" (
          "id" INTEGER NOT NULL,
          "email" varchar(255) NOT NULL,
          "name" varchar(100),
          PRIMARY KEY ("id"),
          CONSTRAINT "customers_email_key" UNIQUE ("email")
        );
      SQL
      execute <<~SQL
        INSERT INTO "_polymig_new_customers" ("id", "email", "name") SELECT "id", "email", "name" FROM "customers";
      SQL
      execute <<~SQL
        DROP TABLE "customers";
      SQL
      execute <<~SQL
        PRAGMA legacy_alter_table = ON;
      SQL
      execute <<~SQL
        ALTER TABLE "_polymig_new_customers" RENAME TO "customers";
      SQL
      execute <<~SQL
        PRAGMA legacy_alter_table = OFF;
      SQL
    end
  end

  def down
    drop_table :customers, id: false do |t|
      t.integer :id, null: false, default: nil, primary_key: true
      t.string :email, limit: 255, null: false
      t.string :name, limit: 100
    end
  end
end
