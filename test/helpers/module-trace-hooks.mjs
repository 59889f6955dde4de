// Module hooks (node --import test/helpers/module-trace.mjs): appends every loaded URL, ES module
// or CommonJS, to the file named by MODULE_TRACE_FILE.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  const r = await next(url, context);
  if (process.env.MODULE_TRACE_FILE) appendFileSync(process.env.MODULE_TRACE_FILE, `${url}\n`);
  return r;
}
