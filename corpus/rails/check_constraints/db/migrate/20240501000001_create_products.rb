class CreateProducts < ActiveRecord::Migration[6.1]
  def change
    create_table :products do |t|
      t.string :sku, null: false
      t.integer :price, null: false
      t.integer :stock, default: 0
      t.check_constraint "price > 0", name: "price_positive"
      t.check_constraint "stock >= 0"
    end
    add_check_constraint :products, "length(sku) > 2", name: "sku_length"
    add_check_constraint :products, "price < 1000000"
  end
end
