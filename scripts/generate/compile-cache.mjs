// @ts-check
/**
 * A V8 code cache for the few large CommonJS files the pipeline loads (typescript.js alone is 9 MB).
 * Node 20 has no built-in module compile cache (module.enableCompileCache came with Node 22), and
 * compiling those files again on every run is most of the pipeline's cost. The cache is taken after
 * the pipeline's work, so it also holds the functions that work compiled lazily.
 *
 * Only files that `shouldCache` accepts are touched; everything else loads as usual. An entry is keyed
 * by the file's content, its name, and Node's version and platform: V8 itself checks little more than
 * the source's length, so a key of size and modification time ran the old code of a file edited to
 * the same length. A cache that V8 rejects is rebuilt, never trusted.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import { cacheStore, keyOf } from "./cache-store.mjs";

/**
 * @param {(filename: string) => boolean} shouldCache
 * @returns {{ save(): void }} call `save` once the work is done, to store new or rejected entries
 */
export function installCompileCache(shouldCache) {
  const store = cacheStore("compile");
  /** @type {{ key: string, script: vm.Script }[]} */
  const toSave = [];
  /** @type {any} */
  const moduleProto = Module.prototype;
  const originalCompile = moduleProto._compile;

  moduleProto._compile = function compileWithCache(
    /** @type {string} */ content,
    /** @type {string} */ filename,
  ) {
    if (!shouldCache(filename)) return originalCompile.call(this, content, filename);
    const key = keyOf(process.version, process.platform, process.arch, filename, content);
    const cachedData = store.get(key);
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) toSave.push({ key, script });
    const module = this;
    /** @param {string} id */
    const require = (id) => module.require(id);
    require.resolve = (/** @type {string} */ request, /** @type {any} */ options) =>
      /** @type {any} */ (Module)._resolveFilename(request, module, false, options);
    require.cache = /** @type {any} */ (Module)._cache;
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  };

  return {
    save() {
      for (const { key, script } of toSave.splice(0)) store.set(key, script.createCachedData());
    },
  };
}

// Real paths, as Node names the files it loads: node_modules may be a link (a scratch copy's is).
const nodeModules = realpathSync(fileURLToPath(new URL("../../node_modules/", import.meta.url)));

/**
 * The cache for the pipeline, over the files of the named packages.
 * @param {string[]} packages
 */
export function installPackageCompileCache(packages) {
  const folders = packages.map((name) => path.join(nodeModules, name) + path.sep);
  return installCompileCache((filename) => folders.some((folder) => filename.startsWith(folder)));
}
