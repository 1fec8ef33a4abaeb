import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** openapi.yaml, parsed: the single source of truth that every test compares against. */
export const spec = parse(
  readFileSync(new URL("../../openapi.yaml", import.meta.url), "utf8"),
) as OpenApiDocument;

export interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, Record<string, unknown> & { enum?: string[] }>;
    responses: Record<string, ResponseObject>;
    examples: Record<string, { value: unknown }>;
  };
}
export interface OperationObject {
  operationId: string;
  requestBody?: { content: Record<string, MediaObject> };
  responses: Record<string, ResponseObject | { $ref: string }>;
}
export interface MediaObject {
  schema: { $ref?: string } & Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, { value: unknown } | { $ref: string }>;
}
export interface ResponseObject {
  content?: Record<string, MediaObject>;
  headers?: Record<string, unknown>;
}

const schemaBase = "https://oneprovider-atm-client.test/schemas/";

/**
 * An independent JSON Schema 2020-12 validator (Ajv) over the spec's component schemas: a second
 * opinion beside Redocly's. `x-extensible-enum` is only an annotation to it, so enums are closed here:
 * this validator checks the spec against what the server sends today.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
ajv.addKeyword({ keyword: "x-extensible-enum", schemaType: "boolean" });
ajv.addKeyword({ keyword: "x-phases", schemaType: "object" });
// What the server accepts as a callback URL: anything the WHATWG URL parser takes.
ajv.addFormat("uri", (text: string) => URL.canParse(text));
// Each component schema becomes a schema of its own, and local refs point at it.
const componentSchemas = JSON.parse(
  JSON.stringify(spec.components.schemas).replaceAll('"#/components/schemas/', `"${schemaBase}`),
) as Record<string, object>;
for (const [name, schema] of Object.entries(componentSchemas))
  ajv.addSchema({ ...schema, $id: schemaBase + name });

/** A validator for a schema as an operation writes it: a `$ref` to a component, or inline. */
export function validatorOf(schema: { $ref?: string } & Record<string, unknown>): ValidateFunction {
  if (typeof schema.$ref === "string") return schemaValidator(schema.$ref.split("/").pop()!);
  return ajv.compile(
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${schemaBase}`)),
  );
}

export function schemaValidator(name: string): ValidateFunction {
  const validate = ajv.getSchema(schemaBase + name);
  if (!validate) throw new Error(`no schema ${name} in openapi.yaml`);
  return validate;
}

/** Follows a local `$ref` such as `#/components/examples/JustScheduled`. */
export function resolveRef<T>(value: unknown): T {
  if (typeof value !== "object" || value === null || !("$ref" in value)) return value as T;
  const segments = String(value.$ref).replace(/^#\//, "").split("/");
  return segments.reduce<any>((node: any, segment: string) => node[segment], spec) as T;
}
