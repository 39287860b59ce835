class CreatePeople < ActiveRecord::Migration[6.1]
  class Person < ActiveRecord::Base
    self.table_name = "people"
  end

  def up
    create_table :people do |t|
      t.string :first_name
      t.string :last_name
      t.string :full_name
    end
    Person.reset_column_information
    Person.find_each do |p|
      p.update!(full_name: "#{p.first_name} #{p.last_name}")
    end
    Person.where(full_name: nil).update_all(full_name: "unknown")
    add_index :people, :full_name unless index_exists?(:people, :full_name)
  end

  def down
    drop_table :people
  end
end
