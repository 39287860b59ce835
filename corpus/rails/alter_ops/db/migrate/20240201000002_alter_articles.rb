class AlterArticles < ActiveRecord::Migration[6.1]
  def up
    add_column :articles, :summary, :text
    add_column :articles, :rating, :integer, limit: 8, default: 3, null: false
    add_column :articles, :published, :boolean, default: true
    rename_column :articles, :views, :view_count
    change_column :articles, :title, :string, limit: 200, null: false
    change_column_null :articles, :state, false, "draft"
    change_column_default :articles, :state, from: nil, to: "draft"
    remove_column :articles, :summary
    add_foreign_key :articles, :authors, on_delete: :cascade
    remove_index :articles, :title
    add_index :articles, :title, unique: true, name: "articles_title_unique"
    rename_index :articles, "articles_state_views", "articles_by_state"
  end

  def down
    raise ActiveRecord::IrreversibleMigration
  end
end
