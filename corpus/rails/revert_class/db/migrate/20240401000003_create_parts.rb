# An up/down migration: `revert CreateParts` runs its `down`.
class CreateParts < ActiveRecord::Migration[6.1]
  def up
    create_table :parts do |t|
      t.references :widget, foreign_key: true
      t.integer :quantity, default: 1
    end
  end

  def down
    drop_table :parts
  end
end
