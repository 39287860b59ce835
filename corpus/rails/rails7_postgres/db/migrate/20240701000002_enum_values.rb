class EnumValues < ActiveRecord::Migration[8.0]
  def change
    add_enum_value :account_status, "pending", before: "active"
    rename_enum_value :account_status, from: "closed", to: "archived"
    add_check_constraint :accounts, "char_length(name) > 0", name: "name_present", validate: false
    add_foreign_key :account_memberships_with_a_rather_long_table_name, :accounts, column: :account_id,
                    name: "memberships_account_fk", deferrable: :deferred, validate: false
  end
end
