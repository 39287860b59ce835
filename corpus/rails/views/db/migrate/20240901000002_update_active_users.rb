class UpdateActiveUsers < ActiveRecord::Migration[6.1]
  def change
    update_view :active_users, version: 2, revert_to_version: 1
    drop_view :admin_emails, revert_to_version: 1
  end
end
