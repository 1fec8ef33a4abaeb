// @ts-check
/**
 * What the pipeline derives from openapi.yaml: one emitter per file in generated/. Each returns the
 * file's text before the header and formatting that scripts/generate.mjs adds to all of them.
 */
import { createRequire } from "node:module";

/**
 * @typedef {{ info: { version: string, "x-onedata-releases"?: string[] }, paths: Record<string, Record<string, OperationObject>>, components: { schemas: Record<string, SchemaObject>, parameters?: Record<string, ParameterObject> } }} Spec
 * @typedef {{ operationId: string, summary?: string, description?: string, parameters?: Array<ParameterObject | { $ref: string }>, requestBody?: object, "x-accept"?: string, "x-streamed"?: boolean, "x-action"?: { name: string, command: string, body?: string }, security?: object[], responses?: Record<string, object> }} OperationObject
 * @typedef {{ name: string, in: string, schema: SchemaObject }} ParameterObject
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
 * The operation table, as runtime data, so that no operation is listed twice by hand, in separate
 * tables so that an app bundles only what it reads:
 * - `OPERATIONS`: each operation's method and path, and, where the spec says so, what it must be sent
 *   as Accept (`x-accept`; otherwise JSON), that its body streams (`x-streamed`) and that it needs no
 *   token (`security: []`);
 * - `PATH_PARAMETERS`, `QUERY_RULES`, `REQUIRED_BODY_FIELDS`, `OPTIONAL_BODY_FIELDS`: what it takes,
 *   with the spec's rules (types, bounds, enums, defaults, formats), which the client checks before
 *   sending and the mock after receiving;
 * - `ACTIONS`: the operations that act on one execution (`x-action`), with the `ActionMethods`
 *   interface that documents them from the spec, and `ACTION_HELP`, their summary as plain text.
 * @type {Emitter}
 */
const operationTable = {
  file: "operations.ts",
  emit: async (context) => {
    const spec = await context.spec;
    /** @template T @param {T | { $ref: string }} value @returns {T} */
    const resolve = (value) => {
      if (typeof value !== "object" || value === null || !("$ref" in value)) return /** @type {T} */ (value);
      const [, , kind, name] = value.$ref.split("/");
      return resolve(/** @type {any} */ (spec.components)[kind ?? ""][name ?? ""]);
    };
    /** @param {SchemaObject} schema */
    const ruleOf = (schema) => {
      const resolved = /** @type {SchemaObject} */ (resolve(schema));
      const rule = Object.fromEntries(
        ["type", "minLength", "minimum", "maximum", "enum", "format", "default"]
          .filter((key) => resolved[key] !== undefined)
          .map((key) => [key, resolved[key]]),
      );
      // An extensible enum is the server's to grow: a value the spec does not know yet is sent as given.
      if (resolved["x-extensible-enum"] === true) delete rule.enum;
      return rule;
    };
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
    /** @type {Record<string, string[]>} */
    const pathParameters = {};
    /** @type {Record<string, Record<string, object>>} */
    const queryRules = {};
    /** @type {Record<string, Record<string, object>>} */
    const requiredFields = {};
    /** @type {Record<string, Record<string, object>>} */
    const optionalFields = {};
    for (const { path, operation } of operations) {
      const id = operation.operationId;
      pathParameters[id] = [...path.matchAll(/\{(\w+)\}/g)].map((found) => /** @type {string} */ (found[1]));
      const query = (operation.parameters ?? [])
        .map((each) => /** @type {ParameterObject} */ (resolve(each)))
        .filter((each) => each.in === "query");
      if (query.length > 0)
        queryRules[id] = Object.fromEntries(query.map((each) => [each.name, ruleOf(each.schema)]));
      if (!operation.requestBody) continue;
      const body = /** @type {SchemaObject} */ (
        resolve(/** @type {any} */ (resolve(operation.requestBody)).content["application/json"].schema)
      );
      const required = /** @type {string[]} */ (body.required ?? []);
      const fields = Object.entries(/** @type {Record<string, SchemaObject>} */ (body.properties ?? {}));
      requiredFields[id] = Object.fromEntries(
        fields.filter(([name]) => required.includes(name)).map(([name, rule]) => [name, ruleOf(rule)]),
      );
      optionalFields[id] = Object.fromEntries(
        fields.filter(([name]) => !required.includes(name)).map(([name, rule]) => [name, ruleOf(rule)]),
      );
    }
    /** @param {OperationObject} operation */
    const actionOf = (operation) =>
      /** @type {{ name: string, command: string, body?: string }} */ (operation["x-action"]);
    const actions = operations.filter(({ operation }) => operation["x-action"]);
    const table = Object.fromEntries(
      actions.map(({ operation }) => {
        const { name, command, body } = actionOf(operation);
        return [name, { operationId: operation.operationId, command, ...(body && { body }) }];
      }),
    );
    /** @param {string} text */
    const plain = (text) =>
      text
        .replace(/\*\*|`/g, "")
        .replace(/\s*\n\s*/g, " ")
        .trim();
    const help = Object.fromEntries(
      actions.map(({ operation }) => [
        actionOf(operation).name,
        plain((operation.description ?? operation.summary ?? "").split("\n\n")[0] ?? ""),
      ]),
    );
    const methods = actions.map(({ operation }) => {
      const { body } = actionOf(operation);
      const schema = /** @type {any} */ (operation.requestBody)?.content["application/json"].schema.$ref
        ?.split("/")
        .pop();
      const docs = [operation.summary, "", ...(operation.description ?? "").trimEnd().split("\n")]
        .map((line) => ` * ${line}`.trimEnd())
        .join("\n");
      const argument = body ? `, ${body}: components["schemas"][${JSON.stringify(schema)}]` : "";
      return `/**\n${docs}\n */\n${operation.operationId}(wid: string${argument}, options?: Options): Promise<void>;`;
    });
    const server = /** @type {any} */ (spec).servers?.[0]?.url;
    const apiPath =
      typeof server === "string" ? new URL(server.replace("{host}", "host")).pathname : undefined;
    if (!apiPath) throw new Error("servers[0].url must give the API's path on a provider");
    return [
      'import type { components } from "./openapi.js";',
      "",
      "/** Where the API lives on a provider: the path of the spec's server URL. */",
      `export const API_PATH = ${JSON.stringify(apiPath)};`,
      "",
      "/** A schema of the spec by its name: what the package's named data types extend, so that each has a page of its own fields. */",
      'export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];',
      "",
      "/** The spec's id of each operation. */",
      `export type OperationId = ${ids.map((id) => JSON.stringify(id)).join(" | ")};`,
      "",
      "/** How an operation is sent: method and path; Accept when not JSON; whether its body streams; whether it needs no token (`security: []`). */",
      'export interface OperationRoute {\n  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";\n  readonly path: string;\n  readonly accept?: string;\n  readonly streamed?: true;\n  readonly public?: true;\n}',
      "",
      "/** Every operation of the spec: how it is sent. */",
      `export const OPERATIONS: { readonly [Id in OperationId]: OperationRoute } = ${JSON.stringify(routes)};`,
      "",
      "/** What the spec says of one query parameter or body field. */",
      'export interface InputRule {\n  readonly type?: "string" | "integer" | "number" | "boolean" | "object" | "array";\n  readonly minLength?: number;\n  readonly minimum?: number;\n  readonly maximum?: number;\n  readonly enum?: readonly string[];\n  readonly format?: string;\n  readonly default?: string | number | boolean;\n}',
      "",
      "/** The rules of named inputs: each field or parameter's rule. */",
      "export type InputRules = { readonly [name: string]: InputRule };",
      "",
      "/** Each operation's path parameters, in the order of its path. */",
      `export const PATH_PARAMETERS: { readonly [Id in OperationId]: readonly string[] } = ${JSON.stringify(pathParameters)};`,
      "",
      "/** The rules of each operation's query parameters, for those that take any. */",
      `export const QUERY_RULES: { readonly [Id in OperationId]?: InputRules } = ${JSON.stringify(queryRules)};`,
      "",
      "/** The rules of the required fields of each operation's JSON body, for those that take one: the field names in the spec's order. */",
      `export const REQUIRED_BODY_FIELDS: { readonly [Id in OperationId]?: InputRules } = ${JSON.stringify(requiredFields)};`,
      "",
      "/** The rules of the optional fields of each operation's JSON body, for those that take one (a separate table: the client checks only the required ones). */",
      `export const OPTIONAL_BODY_FIELDS: { readonly [Id in OperationId]?: InputRules } = ${JSON.stringify(optionalFields)};`,
      "",
      "/** The operations that act on one execution, by their name in `allowedActions` (`x-action`): the operation, the command-line tool's command, and the name of the body argument of those that take one. */",
      `export const ACTIONS = ${JSON.stringify(table)} as const;`,
      "",
      "/** What each action does, from the first paragraph of its operation's description, as plain text. */",
      `export const ACTION_HELP: { readonly [Name in keyof typeof ACTIONS]: string } = ${JSON.stringify(help)};`,
      "",
      "/** The client's method for each action, documented from the spec. `Options` are a call's own options. */",
      `export interface ActionMethods<Options> {\n${methods.join("\n")}\n}`,
    ].join("\n");
  },
};

/** @type {Emitter[]} */
export const emitters = [types, enumValues, executionValidator, responseChecks, operationTable];
