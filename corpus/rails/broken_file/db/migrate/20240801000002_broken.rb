class Broken < ActiveRecord::Migration[6.1]
  def change
    add_column :widgets, :size, :integer
    add_column :widgets, :color, 
  end

  def helper(
end
