class CreateEvents < ActiveRecord::Migration[6.1]
  def change
    create_table :events do |t|
      t.string :kind, null: false
      t.integer :priority
      t.timestamps
    end

    reversible do |dir|
      dir.up do
        execute "INSERT INTO events (kind, priority, created_at, updated_at) VALUES ('boot', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
      end
      dir.down do
        execute "DELETE FROM events WHERE kind = 'boot'"
      end
    end

    say_with_time "indexing events" do
      add_index :events, :kind
    end
  end
end
