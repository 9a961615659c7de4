// dt-sql-parser ships ES modules that import "./dir" and "./file" without extensions, which
// Node's ESM resolver refuses; this hook adds "/index.js" or ".js" the way bundlers do.
import { register } from 'node:module';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (e.code === 'ERR_UNSUPPORTED_DIR_IMPORT') return next(specifier + '/index.js', context);
    if (e.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('.')) return next(specifier + '.js', context);
    throw e;
  }
}

if (!process.env.__RESOLVE_HOOK_CHILD) {
  register(import.meta.url);
}
