require_relative "20240401000003_create_parts"
require_relative "20240401000005_add_widget_weight"

# Several classes at once: the last named (AddWidgetWeight) runs backwards first.
class DropPartsAndWeight < ActiveRecord::Migration[6.1]
  def change
    revert CreateParts, AddWidgetWeight
    add_column :widgets, :sku, :string
  end
end
