// Runs TypeORM migration folders through the real TypeORM (DataSource.runMigrations) for the
// polymig differential tests: one node process per driver for every case.
//
// usage: node run.cjs <postgres|mariadb|sqljs> <jobs.json>
//   jobs.json: [{ "dir": "...", "database": "<db name, or output file for sqljs>" }, ...]
// Prints one JSON line per job: {"dir", "ok": true} or {"dir", "ok": false, "error": "..."}.
// `.ts` files are transpiled with the `typescript` package; `typeorm` and the drivers resolve from
// $POLYMIG_TYPEORM_MODULES.
const fs = require('fs');
const path = require('path');
const Module = require('module');

const modules = process.env.POLYMIG_TYPEORM_MODULES;
const load = (name) => require(require.resolve(name, { paths: [modules] }));
load('reflect-metadata');
const typeorm = load('typeorm');
const ts = load('typescript');

function migrationClasses(dir) {
  const files = fs.readdirSync(dir).filter((f) => /\.(c?js|ts)$/.test(f) && !f.endsWith('.d.ts')).sort();
  const classes = [];
  for (const f of files) {
    const file = path.resolve(dir, f);
    let src = fs.readFileSync(file, 'utf8');
    if (f.endsWith('.ts')) {
      src = ts.transpileModule(src, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, experimentalDecorators: true },
      }).outputText;
    }
    const m = new Module(file);
    m.filename = file;
    m.paths = [modules, ...Module._nodeModulePaths(path.dirname(file))];
    m._compile(src, file);
    for (const v of Object.values(m.exports)) {
      if (typeof v === 'function' && v.prototype && typeof v.prototype.up === 'function') classes.push(v);
    }
  }
  return classes;
}

function options(type, database, migrations) {
  const common = { migrations, logging: false, migrationsTransactionMode: 'each' };
  switch (type) {
    case 'postgres':
      return { type, host: '127.0.0.1', port: 5432, username: 'postgres', database, ...common };
    case 'mariadb':
      return { type, host: '127.0.0.1', port: 3306, username: 'root', password: '', database, ...common };
    case 'sqljs':
      return { type, autoSave: false, ...common };
    default:
      throw new Error('unknown driver ' + type);
  }
}

(async () => {
  const [type, jobsFile] = process.argv.slice(2);
  const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
  for (const job of jobs) {
    let ds;
    try {
      ds = new typeorm.DataSource(options(type, job.database, migrationClasses(job.dir)));
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      if (type === 'sqljs') fs.writeFileSync(job.database, Buffer.from(ds.driver.export()));
      console.log(JSON.stringify({ dir: job.dir, ok: true }));
    } catch (e) {
      console.log(JSON.stringify({ dir: job.dir, ok: false, error: String((e && e.message) || e) }));
    } finally {
      if (ds && ds.isInitialized) await ds.destroy();
    }
  }
})();
