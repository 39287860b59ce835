// polymig test harness: Prisma's own engines, driven by hand, for many schemas in one process.
//
//   node engine.mjs <requests.json>
//
// requests.json is a list of
//   {"id": "...", "op": "diff", "provider": "postgresql"|"sqlite", "to": [[path, text]...], "from": [[path, text]...]?}
//   {"id": "...", "op": "validate", "schema": [[path, text]...]}
// and stdout is one JSON object per line: {"id", "ok": true, "sql"} or {"id", "ok": false, "error"}.
//
// `diff` is what `prisma migrate diff --from-empty|--from-schema --to-schema --script` prints,
// computed by @prisma/schema-engine-wasm (the prisma CLI cannot run offline: it downloads a
// native engine). The wasm engine talks to databases only through a driver adapter, and needs
// one even for a diff between schema files: PostgreSQL at $POLYMIG_PRISMA_PG_URL (default
// postgresql://postgres@127.0.0.1:5432/test), SQLite in memory. It has no MySQL adapter.
// `validate` is @prisma/prisma-schema-wasm's validator (every provider).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const modules = process.env.POLYMIG_PRISMA_MODULES;
if (!modules) {
  console.error('POLYMIG_PRISMA_MODULES is not set');
  process.exit(64);
}
const require = createRequire(path.join(modules, '..', 'package.json'));
const requests = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

// Rust panics inside the wasm modules are reported through this global.
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: '',
  get() { return this.message; },
  set_message(m) { this.message = String(m); },
};

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

let psl;
function validate(files) {
  psl ??= require('@prisma/prisma-schema-wasm');
  psl.validate(JSON.stringify({ prismaSchema: files, noColor: true }));
}

let engineModule;
async function loadEngine() {
  if (engineModule) return engineModule;
  const dir = path.join(modules, '@prisma/schema-engine-wasm');
  const bg = await import(path.join(dir, 'schema_engine_bg.js'));
  const wasm = new WebAssembly.Module(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(wasm, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  engineModule = bg;
  return bg;
}

const engines = new Map();
async function engineFor(provider, files) {
  if (engines.has(provider)) return engines.get(provider);
  const bg = await loadEngine();
  const { bindMigrationAwareSqlAdapterFactory } = require('@prisma/driver-adapter-utils');
  let factory;
  if (provider === 'postgresql') {
    const { PrismaPg } = require('@prisma/adapter-pg');
    const url = process.env.POLYMIG_PRISMA_PG_URL || 'postgresql://postgres@127.0.0.1:5432/test';
    factory = new PrismaPg({ connectionString: url });
  } else if (provider === 'sqlite') {
    const { PrismaBetterSqlite3 } = require('@prisma/adapter-better-sqlite3');
    factory = new PrismaBetterSqlite3({ url: ':memory:' });
  } else {
    throw new Error(`the wasm schema engine has no adapter for provider ${provider}`);
  }
  const engine = await bg.SchemaEngine.new({ datamodels: files }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
  engines.set(provider, engine);
  return engine;
}

const target = (files) => ({ tag: 'schemaDatamodel', files: files.map(([p, content]) => ({ path: p, content })) });

for (const r of requests) {
  globalThis.PRISMA_WASM_PANIC_REGISTRY.message = '';
  try {
    if (r.op === 'validate') {
      validate(r.schema);
      out({ id: r.id, ok: true });
    } else {
      const engine = await engineFor(r.provider, r.to);
      const res = await engine.diff({
        from: r.from ? target(r.from) : { tag: 'empty' },
        to: target(r.to),
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      });
      out({ id: r.id, ok: true, sql: res.stdout ?? '' });
    }
  } catch (e) {
    const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY.message;
    out({ id: r.id, ok: false, error: String(e?.message ?? e) + (panic ? `\npanic: ${panic}` : '') });
  }
}
for (const e of engines.values()) {
  try { e.free(); } catch {}
}
process.exit(0);
