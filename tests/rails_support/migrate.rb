# polymig test harness: runs Rails migrations with the real ActiveRecord on databases the
# Rust test created. One process handles every job of one adapter, so the suite pays
# ActiveRecord's start-up once per dialect.
#
# usage: ruby migrate.rb <jobs file>
#   each line: <adapter>\t<database>\t<migrations dir>[\t--down]
#   adapter: postgresql | mysql2 | sqlite3 (database = file path)
# Prints one line per job: "ok <n>" or "error <n> <message>" (message on one line).
# Migration[x.y] newer than the installed ActiveRecord is rewritten to the installed version
# (Debian ships 6.1), and a note is printed to stderr.
require "active_record"
require "fileutils"
require "tmpdir"

ActiveRecord::Migration.verbose = false

# Forget the migration classes a job defined: a later job's file with the same class name
# would otherwise reopen the old class and run its `change` instead of its own `up`.
def forget_migrations(known)
  (Object.constants - known).each do |name|
    klass = Object.const_get(name) rescue nil
    Object.send(:remove_const, name) if klass.is_a?(Class) && klass < ActiveRecord::Migration
  end
end
current = ActiveRecord::Migration.current_version.to_s

File.readlines(ARGV.fetch(0), chomp: true).each_with_index do |line, n|
  adapter, database, dir, mode = line.split("\t")
  config = { adapter: adapter, database: database }
  case adapter
  when "postgresql" then config.merge!(host: "127.0.0.1", username: "postgres")
  when "mysql2" then config.merge!(host: "127.0.0.1", username: "root", password: "")
  end
  known = Object.constants
  begin
    ActiveRecord::Base.establish_connection(config)
    Dir.mktmpdir("polymig-ar") do |tmp|
      Dir[File.join(dir, "*.rb")].sort.each do |f|
        src = File.read(f).gsub(/ActiveRecord::Migration\[(\d+\.\d+)\]/) do
          Gem::Version.new($1) > Gem::Version.new(current) ? "ActiveRecord::Migration[#{current}]" : $&
        end
        File.write(File.join(tmp, File.basename(f)), src)
      end
      views = File.join(dir, "..", "views")
      FileUtils.cp_r(views, File.join(tmp, "..", "views")) if File.directory?(views)
      ctx = ActiveRecord::MigrationContext.new([tmp], ActiveRecord::Base.connection.schema_migration)
      ctx.migrate
      ctx.migrate(0) if mode == "--down"
    end
    puts "ok #{n}"
  rescue StandardError, ScriptError => e
    root = e
    root = root.cause while root.cause
    puts "error #{n} #{root.class}: #{root.message.gsub(/\s+/, ' ').strip}"
  ensure
    ActiveRecord::Base.connection_pool.disconnect! rescue nil
    ActiveRecord::Base.remove_connection rescue nil
    forget_migrations(known)
  end
  $stdout.flush
end
