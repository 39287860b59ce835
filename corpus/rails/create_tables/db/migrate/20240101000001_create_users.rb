class CreateUsers < ActiveRecord::Migration[6.1]
  def change
    create_table :users do |t|
      t.string :email, null: false
      t.string :name, limit: 80
      t.text :bio
      t.integer :age, limit: 2
      t.integer :karma, default: 0, null: false
      t.bigint :external_id
      t.decimal :balance, precision: 10, scale: 2, default: "0.0"
      t.float :score
      t.boolean :admin, default: false, null: false
      t.date :born_on
      t.datetime :last_seen_at
      t.time :wakes_at
      t.binary :avatar
      t.timestamps
      t.index :email, unique: true
    end
  end
end
