class CreateMetrics < ActiveRecord::Migration[6.1]
  COUNTERS = %i[hits misses errors].freeze

  def up
    create_table :metrics do |t|
      t.string :name, null: false
      COUNTERS.each do |c|
        t.integer c, default: 0, null: false
      end
    end

    execute <<~SQL
      CREATE TABLE metric_labels (
        id integer PRIMARY KEY,
        label varchar(40) NOT NULL
      )
    SQL

    execute <<-SQL.squish
      CREATE INDEX metric_labels_label
        ON metric_labels (label)
    SQL

    %w[cpu memory].each_with_index do |n, i|
      execute "INSERT INTO metric_labels (id, label) VALUES (#{i + 1}, '#{n}')"
    end
  end

  def down
    execute "DROP TABLE metric_labels"
    drop_table :metrics
  end
end
