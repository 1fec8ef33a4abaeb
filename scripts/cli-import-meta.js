// Injected into the CommonJS bundle of the command-line tool by scripts/bundle-cli.mjs: what
// `import.meta.url` is in its ES module sources, there the bundle's own file (`require` and
// `__filename` are the bundle's).
export const importMetaUrl = require("node:url").pathToFileURL(__filename).href;
