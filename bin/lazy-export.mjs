/**
 * A stand-in for a function or class exported by a CommonJS package, which requires the package
 * the first time it is called, constructed or inspected. bin/build.mjs gives every import of an
 * SDK package (see LAZY_PACKAGES there) such stand-ins, so the compiled CLI loads an SDK only when
 * a command really uses it: `new IAMClient(…)`, `new GetRoleCommand(…)`, `x instanceof
 * NoSuchEntityException`, `IAMClient.name` and subclassing behave as with the real export.
 */
import { createRequire } from 'node:module';

/** `from` is a file URL to resolve the package from (the compiled module's import.meta.url). */
export function lazyExport(from, pkg, name) {
  let real;
  const load = () => {
    if (real === undefined) {
      real = createRequire(from)(pkg)[name];
      if (typeof real !== 'function') throw new TypeError(`${pkg} export ${name} is not a function or class`);
    }
    return real;
  };
  const proxy = new Proxy(function lazy() {}, {
    apply: (_, self, args) => Reflect.apply(load(), self, args),
    construct: (_, args, newTarget) => Reflect.construct(load(), args, newTarget === proxy ? load() : newTarget),
    get: (_, key) => Reflect.get(load(), key),
    set: (_, key, value) => Reflect.set(load(), key, value),
    has: (_, key) => Reflect.has(load(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(load()),
  });
  return proxy;
}
