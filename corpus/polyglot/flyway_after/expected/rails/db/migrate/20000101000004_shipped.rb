class Shipped < ActiveRecord::Migration[8.0]
  def change
    add_column :orders, :shipped_at, :datetime, precision: nil
  end
end
