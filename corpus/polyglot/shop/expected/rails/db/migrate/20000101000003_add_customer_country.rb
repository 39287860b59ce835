class AddCustomerCountry < ActiveRecord::Migration[8.0]
  def change
    add_column :customers, :country, "char(2)"
    add_index :customers, :country, name: "customers_country_idx"
  end
end
