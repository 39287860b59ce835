class CreatePosts < ActiveRecord::Migration[6.1]
  def change
    create_table :categories do |t|
      t.string :title
    end

    create_table :posts do |t|
      t.references :user, null: false, foreign_key: true
      t.belongs_to :category, foreign_key: { on_delete: :cascade }
      t.references :editor, foreign_key: { to_table: :users, on_delete: :nullify }, index: { name: "posts_editor" }
      t.string :title, null: false, default: "untitled"
      t.string :slug
      t.timestamps null: true
      t.index [:user_id, :slug], unique: true
    end

    create_table :comments, comment: "reader comments" do |t|
      t.references :commentable, polymorphic: true, null: false
      t.text :body, comment: "markdown"
      t.timestamps
    end

    create_join_table :posts, :categories do |t|
      t.index :post_id
    end
  end
end
