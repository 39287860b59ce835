class DropChecks < ActiveRecord::Migration[6.1]
  def change
    remove_check_constraint :products, "price < 1000000"
    remove_check_constraint :products, name: "sku_length"
  end
end
