class AddWidgetColor < ActiveRecord::Migration[6.1]
  def change
    add_column :widgets, :color, :string, default: "red", null: false
    add_index :widgets, :color
  end
end
