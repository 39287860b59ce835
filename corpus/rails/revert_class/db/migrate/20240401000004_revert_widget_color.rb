require_relative "20240401000002_add_widget_color"

# Undo an earlier migration by name, and keep going in the same `change`.
class RevertWidgetColor < ActiveRecord::Migration[6.1]
  def change
    revert AddWidgetColor

    add_column :widgets, :finish, :string
  end
end
