// @ts-check
/**
 * What the pipeline derives from openapi.yaml: one emitter per file in generated/. Each returns the
 * file's text before the header and formatting that scripts/generate.mjs adds to all of them.
 */
import { createRequire } from "node:module";

/**
 * @typedef {{ info: { version: string }, paths: Record<string, Record<string, OperationObject>>, components: { schemas: Record<string, SchemaObject>, parameters?: Record<string, ParameterObject> } }} Spec
 * @typedef {{ operationId: string, parameters?: Array<ParameterObject | { $ref: string }>, requestBody?: object, "x-accept"?: string, "x-streamed"?: boolean }} OperationObject
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
 * The values of each string enum of the spec (statuses, phases, severities, error ids), as runtime
 * constants, so that no list of them is ever written by hand; for an extensible one, the values known
 * to this version of the spec.
 * @type {Emitter}
 */
const enumValues = {
  file: "enum-values.ts",
  emit: async (context) => {
    const spec = await context.spec;
    const constants = Object.entries(spec.components.schemas)
      .filter(([, schema]) => Array.isArray(schema.enum))
      .flatMap(([name, schema]) => {
        const prefix = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
        const known =
          schema["x-extensible-enum"] === true
            ? " known to this version of the spec"
            : ", in the spec's order";
        const values = `/** The values of \`${name}\`${known}. */\nexport const ${prefix}_VALUES = ${JSON.stringify(schema.enum)} as const;`;
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
 * The operation table, as runtime data, so that no operation is listed twice by hand: `OPERATIONS`
 * gives each operation's method and path, and, where the spec says so, what it must be sent as Accept
 * (`x-accept`; otherwise JSON) and that its body streams (`x-streamed`): the client's requests and the
 * mock's router read it. `OPERATION_INPUTS` gives its query parameters and whether it takes a JSON
 * body (its path parameters are in its path), for the command-line tool's oneprovider-rest-cli forms
 * (`listWorkflowExecutions sid=… limit=20`) and the mock. Two tables, so that an app bundles only the
 * first.
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
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    const ids = operations.map(({ operation }) => operation.operationId);
    const routes = Object.fromEntries(
      operations.map(({ path, method, operation }) => [
        operation.operationId,
        {
          method,
          path,
          ...(operation["x-accept"] !== undefined && { accept: operation["x-accept"] }),
          ...(operation["x-streamed"] === true && { streamed: true }),
        },
      ]),
    );
    const inputs = Object.fromEntries(
      operations.map(({ operation }) => [
        operation.operationId,
        {
          query: (operation.parameters ?? [])
            .map(resolve)
            .filter((each) => each.in === "query")
            .map((each) => each.name),
          jsonBody: operation.requestBody !== undefined,
        },
      ]),
    );
    return [
      "/** The spec's id of each operation. */",
      `export type OperationId = ${ids.map((id) => JSON.stringify(id)).join(" | ")};`,
      "",
      "/** How an operation is sent: method and path; Accept when not JSON; whether its body streams. */",
      'export interface OperationRoute {\n  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";\n  readonly path: string;\n  readonly accept?: string;\n  readonly streamed?: true;\n}',
      "",
      "/** Every operation of the spec: how it is sent. */",
      `export const OPERATIONS: { readonly [Id in OperationId]: OperationRoute } = ${JSON.stringify(routes)};`,
      "",
      "/** Every operation's query parameters, and whether it takes a JSON body; its path parameters are in its path. */",
      `export const OPERATION_INPUTS: { readonly [Id in OperationId]: { readonly query: readonly string[]; readonly jsonBody: boolean } } = ${JSON.stringify(inputs)};`,
    ].join("\n");
  },
};

/** @type {Emitter[]} */
export const emitters = [types, enumValues, executionValidator, operationTable];
