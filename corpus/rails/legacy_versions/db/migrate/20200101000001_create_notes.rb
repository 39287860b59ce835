class CreateNotes < ActiveRecord::Migration[6.0]
  def change
    create_table :notes do |t|
      t.references :subject, polymorphic: true
      t.timestamps
    end
  end
end
