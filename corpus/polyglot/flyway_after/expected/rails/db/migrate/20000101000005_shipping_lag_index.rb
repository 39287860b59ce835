class ShippingLagIndex < ActiveRecord::Migration[8.0]
  def change
    add_index :orders, :shipped_at, name: "orders_shipped_at_idx"
  end
end
