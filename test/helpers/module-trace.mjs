// `node --import ./test/helpers/module-trace.mjs …`: records which modules a process loads
// (ES modules through the hooks; CommonJS ones from the require cache when the process exits).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(new URL('./module-trace-hooks.mjs', import.meta.url));
process.on('exit', () => {
  if (!process.env.MODULE_TRACE_FILE) return;
  const cjs = Object.keys(Module._cache).map((p) => pathToFileURL(p).href);
  appendFileSync(process.env.MODULE_TRACE_FILE, cjs.map((u) => `${u}\n`).join(''));
});
