class CreateProjects < ActiveRecord::Migration[5.0]
  def change
    create_table :projects do |t|
      t.references :account, foreign_key: true
      t.string :title
      t.timestamps
    end
    create_table :tags, id: :integer do |t|
      t.string :label
    end
    add_reference :members, :project, index: true
  end
end
