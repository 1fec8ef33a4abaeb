/**
 * The package's version, for the default `user-agent`. Kept equal to package.json's by the release
 * step (scripts/release/version.mjs), and checked by test/package/version.test.ts.
 */
export const PACKAGE_VERSION = "0.2.0";
