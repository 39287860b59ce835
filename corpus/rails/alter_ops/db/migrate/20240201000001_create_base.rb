class CreateBase < ActiveRecord::Migration[6.1]
  def change
    create_table :authors do |t|
      t.string :name
    end
    create_table :articles do |t|
      t.string :title
      t.string :state
      t.integer :views
      t.references :author
      t.timestamps
    end
    add_index :articles, :title
    add_index :articles, [:state, :views], name: "articles_state_views"
  end
end
