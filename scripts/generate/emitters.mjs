// @ts-check
/**
 * What the pipeline derives from openapi.yaml: one emitter per file in generated/. Each returns the
 * file's text before the header and formatting that scripts/generate.mjs adds to all of them.
 */
import { createRequire } from "node:module";

/**
 * @typedef {{ info: { version: string }, paths: Record<string, Record<string, OperationObject>>, components: { schemas: Record<string, SchemaObject>, parameters?: Record<string, ParameterObject> } }} Spec
 * @typedef {{ operationId: string, parameters?: Array<ParameterObject | { $ref: string }>, requestBody?: object }} OperationObject
 * @typedef {{ name: string, in: string }} ParameterObject
 * @typedef {{ enum?: string[], "x-extensible-enum"?: boolean, "x-phases"?: Record<string, string[]>, [key: string]: unknown }} SchemaObject
 * @typedef {{ spec: Promise<Spec>, types: Promise<string> }} Context  `spec` resolves once the spec has linted clean; `types` is the worker's output
 * @typedef {{ file: string, format?: false, emit: (context: Context) => Promise<string> | string }} Emitter  `format: false` for machine code that prettier would only slow down
 */

/** @type {Emitter} */
const types = {
  file: "openapi.ts",
  emit: ({ types: text }) => text,
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
      .flatMap(([name, schema]) => {
        const prefix = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
        const values = `/** The values of \`${name}\` known to this version of the spec. */\nexport const ${prefix}_VALUES = ${JSON.stringify(schema.enum)} as const;`;
        if (!schema["x-phases"]) return [values];
        const phaseOf = Object.fromEntries(
          Object.entries(schema["x-phases"]).flatMap(([phase, members]) =>
            members.map((value) => [value, phase]),
          ),
        );
        const missing = (schema.enum ?? []).filter((value) => !(value in phaseOf));
        if (missing.length > 0) throw new Error(`${name}: x-phases gives no phase to ${missing.join(", ")}`);
        const phases = `/** The phase of each known value of \`${name}\` (its \`x-phases\`). */\nexport const ${prefix}_PHASES = ${JSON.stringify(phaseOf)} as const;`;
        return [values, phases];
      });
    const version = `/** The version of openapi.yaml this package was generated from. */\nexport const SPEC_VERSION = ${JSON.stringify(spec.info.version)};`;
    return [version, ...constants].join("\n\n");
  },
};

/**
 * The schema that runtime validation checks, derived from the spec for forward compatibility: an
 * extensible enum accepts any string (a newer server may add statuses), and extra keys are accepted
 * as the spec already allows. Wrong types and missing keys still fail.
 * @param {Spec} spec
 */
function forwardCompatibleSchemas(spec) {
  /** @param {unknown} node @returns {unknown} */
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node !== "object" || node === null) return node;
    /** @type {Record<string, unknown>} */
    const schema = { ...node };
    if (schema["x-extensible-enum"] === true) delete schema.enum;
    // Annotations only make the validator larger.
    for (const key of Object.keys(schema))
      if (key.startsWith("x-") || key === "description") delete schema[key];
    for (const key of ["properties", "items", "additionalProperties"]) {
      if (key === "properties" && schema.properties) {
        schema.properties = Object.fromEntries(
          Object.entries(/** @type {object} */ (schema.properties)).map(([name, value]) => [
            name,
            strip(value),
          ]),
        );
      } else if (key in schema) schema[key] = strip(schema[key]);
    }
    return schema;
  };
  return /** @type {Record<string, SchemaObject>} */ (
    Object.fromEntries(Object.entries(spec.components.schemas).map(([name, schema]) => [name, strip(schema)]))
  );
}

/**
 * A standalone validator of the execution body, compiled by Ajv from openapi.yaml: no schema is
 * written twice, and code that never validates never loads it.
 * @type {Emitter}
 */
const executionValidator = {
  file: "validate-workflow-execution.ts",
  format: false,
  emit: async (context) => {
    const spec = await context.spec;
    const require = createRequire(import.meta.url);
    /** @type {typeof import("ajv/dist/2020.js")} */
    const { Ajv2020 } = require("ajv/dist/2020.js");
    /** @type {typeof import("ajv/dist/standalone/index.js").default} */
    const standaloneCode = require("ajv/dist/standalone/index.js").default;
    const base = "https://oneprovider-atm-client/schemas/";
    const schemas = JSON.parse(
      JSON.stringify(forwardCompatibleSchemas(spec)).replaceAll('"#/components/schemas/', `"${base}`),
    );
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      code: { source: true, esm: true, optimize: true, lines: true },
    });
    for (const [name, schema] of Object.entries(schemas)) ajv.addSchema({ ...schema, $id: base + name });
    const code = standaloneCode(ajv, {
      validateAtmWorkflowExecutionDetails: base + "AtmWorkflowExecutionDetails",
    });
    if (/\brequire\(/.test(code))
      throw new Error(
        "the validator needs Ajv at run time; keep the schemas to keywords that compile standalone",
      );
    return ["// @ts-nocheck: code generated by Ajv", code, ""].join("\n");
  },
};

/**
 * Each operation's method, path, parameters and whether it takes a JSON body, as runtime data: the
 * command-line tool's oneprovider-rest-cli forms (`listWorkflowExecutions sid=… limit=20`) are
 * read from it, so no operation is listed twice by hand.
 * @type {Emitter}
 */
const operationTable = {
  file: "operations.ts",
  emit: async (context) => {
    const spec = await context.spec;
    /** @param {ParameterObject | { $ref: string }} parameter @returns {ParameterObject} */
    const resolve = (parameter) =>
      "$ref" in parameter
        ? /** @type {ParameterObject} */ (spec.components.parameters?.[parameter.$ref.split("/").pop() ?? ""])
        : parameter;
    const table = Object.fromEntries(
      Object.entries(spec.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => {
          const parameters = (operation.parameters ?? []).map(resolve);
          return [
            operation.operationId,
            {
              method: method.toUpperCase(),
              path,
              pathParameters: parameters.filter((each) => each.in === "path").map((each) => each.name),
              queryParameters: parameters.filter((each) => each.in === "query").map((each) => each.name),
              jsonBody: operation.requestBody !== undefined,
            },
          ];
        }),
      ),
    );
    return `/** Every operation of the spec: method, path, parameters, and whether it takes a JSON body. */\nexport const OPERATIONS = ${JSON.stringify(table)} as const;\n\nexport type OperationId = keyof typeof OPERATIONS;`;
  },
};

/** @type {Emitter[]} */
export const emitters = [types, enumValues, executionValidator, operationTable];
