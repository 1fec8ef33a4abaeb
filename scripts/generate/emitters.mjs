// @ts-check
/**
 * What the pipeline derives from openapi.yaml: one emitter per file in generated/. Each returns the
 * file's text before the header and formatting that scripts/generate.mjs adds to all of them.
 */
import { compileTypesInWorker } from "./compile-types.mjs";

/**
 * @typedef {{ info: { version: string }, components: { schemas: Record<string, SchemaObject> } }} Spec
 * @typedef {{ enum?: string[], "x-extensible-enum"?: boolean, [key: string]: unknown }} SchemaObject
 * @typedef {{ spec: Promise<Spec>, specPath: string }} Context  `spec` resolves once the spec has linted
 * @typedef {{ file: string, emit: (context: Context) => Promise<string> | string }} Emitter
 */

/** @type {Emitter} */
const types = {
  file: "openapi.ts",
  emit: ({ specPath }) => compileTypesInWorker(specPath),
};

/**
 * The known values of each extensible enum, as runtime constants, so that no list of statuses is
 * ever written by hand.
 * @type {Emitter}
 */
const enumValues = {
  file: "enum-values.ts",
  emit: async (context) => {
    const spec = await context.spec;
    const constants = Object.entries(spec.components.schemas)
      .filter(([, schema]) => schema["x-extensible-enum"] === true && Array.isArray(schema.enum))
      .map(([name, schema]) => {
        const constant = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase() + "_VALUES";
        return `/** The values of \`${name}\` known to this version of the spec. */\nexport const ${constant} = ${JSON.stringify(schema.enum)} as const;`;
      });
    const version = `/** The version of openapi.yaml this package was generated from. */\nexport const SPEC_VERSION = ${JSON.stringify(spec.info.version)};`;
    return [version, ...constants].join("\n\n");
  },
};

/** @type {Emitter[]} */
export const emitters = [types, enumValues];
