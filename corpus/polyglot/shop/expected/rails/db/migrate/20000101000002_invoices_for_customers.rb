class InvoicesForCustomers < ActiveRecord::Migration[8.0]
  def change
    create_table :invoices, id: :integer do |t|
      t.references :customer, type: :integer, null: false, index: false, foreign_key: { name: "invoices_customer_id_fkey" }
      t.decimal :total, precision: 12, scale: 2, null: false, default: "0"
    end
  end
end
