class RevertPriority < ActiveRecord::Migration[6.1]
  def change
    add_column :events, :legacy_flag, :boolean, default: false
    revert do
      add_index :events, :kind
      add_column :events, :priority, :integer
    end
  end
end
