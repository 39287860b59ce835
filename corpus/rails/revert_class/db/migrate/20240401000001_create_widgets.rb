class CreateWidgets < ActiveRecord::Migration[6.1]
  def change
    create_table :widgets do |t|
      t.string :name, null: false
      t.decimal :price, precision: 8, scale: 2
      t.timestamps
    end
    add_index :widgets, :name, unique: true
  end
end
