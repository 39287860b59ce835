# ActiveRecord 7.x/8.x behaviours (golden files only: Debian's ActiveRecord 6.1 rejects them).
class CreateAccounts < ActiveRecord::Migration[7.1]
  def change
    enable_extension "pgcrypto"
    create_enum :account_status, %w[active suspended closed]

    create_table :accounts, id: :uuid do |t|
      t.string :name, null: false
      t.enum :status, enum_type: :account_status, default: "active", null: false
      t.jsonb :settings, default: {}
      t.datetime :confirmed_at
      t.string :tags, array: true, default: []
      t.timestamps
    end

    create_table :account_memberships_with_a_rather_long_table_name do |t|
      t.references :account, type: :uuid, foreign_key: true
      t.string :role_name_that_is_long
      t.index [:account_id, :role_name_that_is_long]
    end
  end
end
