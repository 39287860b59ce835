class CreateTasks < ActiveRecord::Migration[5.2]
  def change
    create_table :tasks do |t|
      t.references :project, type: :integer, foreign_key: true
      t.references :owner, polymorphic: true
      t.datetime :due_at
      t.timestamps
    end
    add_timestamps :tags, null: true
  end
end
