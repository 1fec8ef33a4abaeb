// @ts-check
/**
 * Where the pipeline keeps what it may reuse, and how: every entry is named by the hash of everything
 * that decides its content (the caller's key), carries a checksum of its own bytes that is checked on
 * every read, and is written to a temporary file first and then renamed into place, so a reader never
 * sees half an entry. A missing, torn or corrupted entry is a miss, never an answer. A cache that
 * cannot be read or written only loses the speed-up.
 *
 * The root is node_modules/.cache/oneprovider-atm-client (the usual place for tool caches), or
 * ONEPROVIDER_ATM_CACHE_DIR when set: tests point it at a folder of their own.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const checksumBytes = 32;

/** The folder that holds every cache of the pipeline. */
export function cacheRoot() {
  return (
    process.env.ONEPROVIDER_ATM_CACHE_DIR ||
    path.join(projectRoot, "node_modules/.cache/oneprovider-atm-client")
  );
}

/**
 * The hash of a key's parts, in order; a part may be text or bytes.
 * @param {...(string | Uint8Array)} parts
 */
export function keyOf(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) {
    // Each part's length first, so that ("ab", "c") and ("a", "bc") differ.
    hash.update(`${typeof part === "string" ? Buffer.byteLength(part) : part.byteLength}:`);
    hash.update(part);
  }
  return hash.digest("hex");
}

/**
 * A store of entries in one folder below the cache root.
 * @param {string} name  the folder's name, one per kind of entry
 */
export function cacheStore(name) {
  const dir = path.join(cacheRoot(), name);
  const fileOf = (/** @type {string} */ key) => path.join(dir, key.slice(0, 48));
  return {
    dir,
    /**
     * The entry's bytes, or undefined when there is none or it does not match its checksum.
     * @param {string} key
     * @returns {Buffer | undefined}
     */
    get(key) {
      let stored;
      try {
        stored = readFileSync(fileOf(key));
      } catch {
        return undefined;
      }
      if (stored.length < checksumBytes) return undefined;
      const payload = stored.subarray(checksumBytes);
      const checksum = createHash("sha256").update(payload).digest();
      return checksum.equals(stored.subarray(0, checksumBytes)) ? payload : undefined;
    },
    /**
     * @param {string} key
     * @param {string | Uint8Array} data
     */
    set(key, data) {
      const payload = typeof data === "string" ? Buffer.from(data) : data;
      const temporary = `${fileOf(key)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, Buffer.concat([createHash("sha256").update(payload).digest(), payload]));
        renameSync(temporary, fileOf(key));
      } catch {
        rmSync(temporary, { force: true });
      }
    },
  };
}
