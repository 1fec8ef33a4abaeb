#!/usr/bin/env node
// @ts-check
/**
 * `vitest` with the same arguments, less one notice: with type tests enabled, vitest prints on every
 * run that testing types is an experimental feature, which asks nothing of the person reading it.
 * Vitest has no setting for it, so its own Node API runs the tests here with a standard error that
 * lets everything else through.
 */
import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { parseCLI, startVitest } from "vitest/node";

const notice =
  "Testing types with tsc and vue-tsc is an experimental feature.\nBreaking changes might not follow SemVer, please pin Vitest's version when using it.";

const stderr = new Writable({
  write(chunk, _encoding, done) {
    if (stripVTControlCharacters(String(chunk)).trim() !== notice) process.stderr.write(chunk);
    done();
  },
});

const { filter, options } = parseCLI(["vitest", ...process.argv.slice(2)]);
const vitest = await startVitest("test", filter, options, undefined, { stderr });
if (!vitest.shouldKeepServer()) await vitest.exit();
