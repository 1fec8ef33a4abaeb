// @ts-check
/**
 * What the pipeline derives from openapi.yaml: one emitter per file in generated/. Each returns the
 * file's text before the header and formatting that scripts/generate.mjs adds to all of them.
 */
import { createRequire } from "node:module";

/**
 * @typedef {{ info: { version: string, "x-onedata-releases"?: string[] }, paths: Record<string, Record<string, OperationObject>>, components: { schemas: Record<string, SchemaObject>, parameters?: Record<string, ParameterObject> } }} Spec
 * @typedef {{ operationId: string, parameters?: Array<ParameterObject | { $ref: string }>, requestBody?: object, "x-accept"?: string, "x-streamed"?: boolean, security?: object[], responses?: Record<string, object> }} OperationObject
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
    const releases = spec.info["x-onedata-releases"];
    if (!Array.isArray(releases) || !releases.includes(spec.info.version))
      throw new Error(
        "info.x-onedata-releases must list the release lines the spec describes, info.version among them",
      );
    const lines = `/** The Oneprovider releases openapi.yaml describes (its \`x-onedata-releases\`), the one it was written from first. */\nexport const SPEC_RELEASES = ${JSON.stringify(releases)} as const;`;
    return [version, lines, ...constants].join("\n\n");
  },
};

/**
 * The schemas that runtime validation checks. `forward-compatible`, for the client: an extensible enum
 * accepts any string (a newer server may add statuses), and extra keys are accepted as the spec
 * already allows; wrong types and missing keys still fail. `as-written`, for the conformance check:
 * every enum closed and every object with named properties closed (`additionalProperties: false`
 * unless it maps keys to a schema), so that each value and key the spec does not name is found.
 * @param {Spec} spec
 * @param {"forward-compatible" | "as-written"} reading
 */
function validationSchemas(spec, reading = "forward-compatible") {
  /** @param {unknown} node @returns {unknown} */
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node !== "object" || node === null) return node;
    /** @type {Record<string, unknown>} */
    const schema = { ...node };
    if (reading === "forward-compatible" && schema["x-extensible-enum"] === true) delete schema.enum;
    if (
      reading === "as-written" &&
      schema.properties &&
      (schema.additionalProperties === undefined || schema.additionalProperties === true)
    )
      schema.additionalProperties = false;
    // Annotations only make the validator larger.
    for (const key of Object.keys(schema))
      if (key.startsWith("x-") || key === "description" || key === "example") delete schema[key];
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

const schemaBase = "https://oneprovider-atm-client/schemas/";

/**
 * Ajv's standalone code for the named schemas, each exported under its name. Throws when the code
 * would need Ajv at run time.
 * @param {Record<string, unknown>} schemas  by name; `#/components/schemas/X` refers to another
 * @param {Record<string, string>} exports  export name → schema name
 */
function standaloneValidators(schemas, exports) {
  const require = createRequire(import.meta.url);
  /** @type {typeof import("ajv/dist/2020.js")} */
  const { Ajv2020 } = require("ajv/dist/2020.js");
  /** @type {typeof import("ajv/dist/standalone/index.js").default} */
  const standaloneCode = require("ajv/dist/standalone/index.js").default;
  const resolved = JSON.parse(JSON.stringify(schemas).replaceAll('"#/components/schemas/', `"${schemaBase}`));
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    code: { source: true, esm: true, optimize: true, lines: true },
  });
  for (const [name, schema] of Object.entries(resolved)) ajv.addSchema({ ...schema, $id: schemaBase + name });
  const code = standaloneCode(
    ajv,
    Object.fromEntries(Object.entries(exports).map(([exported, name]) => [exported, schemaBase + name])),
  );
  if (/\brequire\(/.test(code))
    throw new Error(
      "the validator needs Ajv at run time; keep the schemas to keywords that compile standalone",
    );
  return code;
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
    const code = standaloneValidators(validationSchemas(await context.spec), {
      validateAtmWorkflowExecutionDetails: "AtmWorkflowExecutionDetails",
    });
    return ["// @ts-nocheck: code generated by Ajv", code, ""].join("\n");
  },
};

/**
 * What the spec says each operation answers, for the conformance check: per status, the media types
 * of its body (none: no body), the headers it marks required, and a validator of the body as written
 * (closed enums, no unnamed keys: see `validationSchemas`). Only the command-line tool's conformance
 * command loads it.
 * @type {Emitter}
 */
const responseChecks = {
  file: "response-checks.ts",
  format: false,
  emit: async (context) => {
    const spec = await context.spec;
    /** @type {Record<string, any>} */
    const components = /** @type {any} */ (spec.components);
    /** @param {any} node */
    const deref = (node) =>
      node && typeof node.$ref === "string" && node.$ref.startsWith("#/components/responses/")
        ? components.responses[node.$ref.split("/").pop()]
        : node;
    const schemas = validationSchemas(spec, "as-written");
    /** @type {Record<string, unknown>} */
    const all = { ...schemas };
    /** @type {Record<string, string>} */
    const exports = {};
    /** @type {Record<string, Record<string, { content: string[]; headers: string[]; body?: string }>>} */
    const table = {};
    for (const item of Object.values(spec.paths)) {
      for (const operation of Object.values(item)) {
        /** @type {Record<string, { content: string[]; headers: string[]; body?: string }>} */
        const statuses = (table[operation.operationId] = {});
        for (const [status, declared] of Object.entries(operation.responses ?? {})) {
          const response = deref(declared);
          const content = response.content ?? {};
          const headers = Object.entries(response.headers ?? {})
            .filter(([, header]) => /** @type {any} */ (header).required === true)
            .map(([name]) => name.toLowerCase());
          /** @type {{ content: string[]; headers: string[]; body?: string }} */
          const entry = { content: Object.keys(content), headers };
          const schema = Object.values(content)[0]?.schema;
          if (schema) {
            /** @type {string} */
            const name =
              typeof schema.$ref === "string"
                ? String(schema.$ref.split("/").pop())
                : `${operation.operationId}-${status}`;
            // An inline schema is closed the same way as the components.
            if (!(name in all))
              all[name] = validationSchemas(
                { ...spec, components: { schemas: { [name]: schema } } },
                "as-written",
              )[name];
            entry.body = name;
            exports[`validate_${name.replaceAll("-", "_")}`] = name;
          }
          statuses[status] = entry;
        }
      }
    }
    const code = standaloneValidators(all, exports);
    return [
      "// @ts-nocheck: code generated by Ajv",
      code,
      "/** Per operation and status: the body's media types (none: no body), the required headers, and the body's validator. */",
      `export const RESPONSES = ${JSON.stringify(table)};`,
      "/** Each body validator by the schema's name (`RESPONSES[…][…].body`). */",
      `export const BODY_VALIDATORS = { ${Object.entries(exports)
        .map(([exported, name]) => `${JSON.stringify(name)}: ${exported}`)
        .join(", ")} };`,
      "",
    ].join("\n");
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
          ...(Array.isArray(operation.security) && operation.security.length === 0 && { public: true }),
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
      "/** How an operation is sent: method and path; Accept when not JSON; whether its body streams; whether it needs no token (`security: []`). */",
      'export interface OperationRoute {\n  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";\n  readonly path: string;\n  readonly accept?: string;\n  readonly streamed?: true;\n  readonly public?: true;\n}',
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
export const emitters = [types, enumValues, executionValidator, responseChecks, operationTable];
