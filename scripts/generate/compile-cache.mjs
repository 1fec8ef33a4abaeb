// @ts-check
/**
 * A V8 code cache for the few large CommonJS files the pipeline loads (typescript.js alone is 9 MB).
 * Node 20 has no built-in module compile cache (module.enableCompileCache came with Node 22), and
 * compiling those files again on every run is most of the pipeline's cost. The cache is taken after
 * the pipeline's work, so it also holds the functions that work compiled lazily.
 *
 * Only files that `shouldCache` accepts are touched; everything else loads as usual. A cache that V8
 * rejects (another Node version, a changed file) is rebuilt, never trusted: correctness never depends
 * on it. It lives in node_modules/.cache, the usual place for tool caches.
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";

/**
 * @param {string} cacheDir
 * @param {(filename: string) => boolean} shouldCache
 * @returns {{ save(): void }} call `save` once the work is done, to store new or rejected entries
 */
function installCompileCache(cacheDir, shouldCache) {
  /** @type {{ file: string, script: vm.Script }[]} */
  const toSave = [];
  /** @type {any} */
  const moduleProto = Module.prototype;
  const originalCompile = moduleProto._compile;

  moduleProto._compile = function compileWithCache(
    /** @type {string} */ content,
    /** @type {string} */ filename,
  ) {
    if (!shouldCache(filename)) return originalCompile.call(this, content, filename);
    const { size, mtimeMs } = statSync(filename);
    const key = createHash("sha256")
      .update(`${process.version}\0${filename}\0${size}\0${mtimeMs}`)
      .digest("hex");
    const file = path.join(cacheDir, `${key.slice(0, 32)}.bin`);
    /** @type {Buffer | undefined} */
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) toSave.push({ file, script });
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
      if (toSave.length === 0) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        for (const { file, script } of toSave) writeFileSync(file, script.createCachedData());
      } catch {
        // A read-only node_modules only loses the speed-up.
      }
    },
  };
}

const nodeModules = fileURLToPath(new URL("../../node_modules/", import.meta.url));

/**
 * The cache for the pipeline, over the files of the named packages, kept in node_modules/.cache.
 * @param {string[]} packages
 */
export function installPackageCompileCache(packages) {
  const folders = packages.map((name) => path.join(nodeModules, name) + path.sep);
  return installCompileCache(path.join(nodeModules, ".cache/oneprovider-atm-client"), (filename) =>
    folders.some((folder) => filename.startsWith(folder)),
  );
}
