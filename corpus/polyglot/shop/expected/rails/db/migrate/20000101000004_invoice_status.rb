class InvoiceStatus < ActiveRecord::Migration[8.0]
  def change
    add_column :invoices, :status, :string, limit: 20, null: false, default: "open"
    add_index :invoices, :status, name: "invoices_status_idx"
  end
end
