class DailyTotals < ActiveRecord::Migration[8.0]
  def change
    create_table :daily_totals, id: false do |t|
      t.date :day, null: false, primary_key: true
      t.decimal :total, precision: 12, scale: 2, null: false
    end
  end
end
