class CreateMembers < ActiveRecord::Migration[4.2]
  def self.up
    create_table :members do |t|
      t.references :account
      t.string :role
      t.timestamps null: false
    end
    add_index :members, :role
  end

  def self.down
    drop_table :members
  end
end
