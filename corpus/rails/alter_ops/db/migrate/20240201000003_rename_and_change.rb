class RenameAndChange < ActiveRecord::Migration[6.1]
  def change
    remove_foreign_key :articles, :authors
    rename_table :articles, :posts
    change_table :posts do |t|
      t.string :subtitle
      t.rename :rating, :stars
      t.remove :published
      t.index :subtitle
      t.references :editor, foreign_key: { to_table: :authors }
      t.change_default :stars, 5
    end
    add_reference :posts, :reviewer, foreign_key: { to_table: :authors }
    remove_reference :posts, :editor, foreign_key: { to_table: :authors }
    create_table :drafts do |t|
      t.string :body
    end
    drop_table :drafts
  end
end
