class AddWidgetWeight < ActiveRecord::Migration[6.1]
  def change
    add_column :widgets, :weight, :integer
    add_check_constraint :widgets, "weight > 0", name: "weight_positive"
  end
end
