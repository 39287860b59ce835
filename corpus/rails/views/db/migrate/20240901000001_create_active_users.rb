class CreateActiveUsers < ActiveRecord::Migration[6.1]
  def change
    create_table :users do |t|
      t.string :email
      t.boolean :active
    end
    create_view :active_users
    create_view :admin_emails, sql_definition: <<~SQL
      SELECT email FROM users WHERE active
    SQL
  end
end
