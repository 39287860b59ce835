class Orders < ActiveRecord::Migration[8.0]
  def change
    create_table :orders, id: false do |t|
      t.integer :id, null: false, default: nil, primary_key: true
      t.decimal :total, precision: 10, scale: 2, null: false
    end
  end
end
