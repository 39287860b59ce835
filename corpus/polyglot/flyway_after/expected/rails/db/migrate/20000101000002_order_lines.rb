class OrderLines < ActiveRecord::Migration[8.0]
  def change
    create_table :order_lines, id: false do |t|
      t.integer :id, null: false, default: nil, primary_key: true
      t.references :order, type: :integer, null: false, index: false, foreign_key: { name: "order_lines_order_id_fkey" }
      t.integer :qty, null: false, default: 1
    end
  end
end
