import type { ExecutionReportInput } from "./render.js";

/** Keys whose string value is an id (`spaceId`, `schemaId`, `systemAuditLogStoreId`, …). */
const idKey = /Id$/;
/** Maps whose keys, values or both are ids. */
const idRegistries: Record<string, { keys: boolean; values: boolean }> = {
  lambdaSnapshotRegistry: { keys: true, values: true },
  storeRegistry: { keys: false, values: true },
  taskRegistry: { keys: true, values: true },
};
/** The configuration's host names and names. */
const hostKeys = new Set(["domain", "onezoneDomain", "name"]);

/** A report's input with its ids, host names and user log text replaced, and what replaced what. */
export interface RedactedReport {
  input: ExecutionReportInput;
  /** Each original and its pseudonym, in the order they were first met. */
  mapping: Map<string, string>;
}

/**
 * The same report with stable pseudonyms (`id-1`, `host-1`, `user-log-1`) for every id, host name
 * and text a user's lambda wrote, everywhere: in the fields, in the other strings that quote them
 * (a description naming a store), and so in the embedded data. The same original always gets the
 * same pseudonym within a report.
 */
export function redactReport(input: ExecutionReportInput): RedactedReport {
  const mapping = new Map<string, string>();
  const counts = { id: 0, host: 0, "user-log": 0 };
  const pseudonym = (original: string, kind: keyof typeof counts) => {
    let name = mapping.get(original);
    if (name === undefined) {
      counts[kind] += 1;
      name = `${kind}-${counts[kind]}`;
      mapping.set(original, name);
    }
    return name;
  };
  // First every id and host, wherever it stands, so that a text quoting one is caught below.
  const collect = (value: unknown, key: string | undefined): void => {
    if (typeof value === "string") {
      if (key !== undefined && idKey.test(key) && value !== "") pseudonym(value, "id");
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const registry = key === undefined ? undefined : idRegistries[key];
    for (const [name, inner] of Object.entries(value)) {
      if (registry?.keys) pseudonym(name, "id");
      if (registry?.values && typeof inner === "string") pseudonym(inner, "id");
      collect(inner, name);
    }
  };
  collect(input.execution, undefined);
  for (const [name, value] of Object.entries(input.configuration ?? {})) {
    if (hostKeys.has(name) && typeof value === "string" && value !== "") pseudonym(value, "host");
    if (idKey.test(name) && typeof value === "string" && value !== "") pseudonym(value, "id");
  }
  // Longest first, so that an id that contains another is replaced whole.
  const originals = [...mapping.keys()].sort((a, b) => b.length - a.length);
  const replaceIn = (text: string) => {
    const whole = mapping.get(text);
    if (whole !== undefined) return whole;
    let result = text;
    for (const original of originals)
      if (result.includes(original)) result = result.split(original).join(mapping.get(original));
    return result;
  };
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") return replaceIn(value);
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [replaceIn(name), rewrite(inner)]),
    );
  };
  const redacted: ExecutionReportInput = {
    ...input,
    execution: rewrite(input.execution) as ExecutionReportInput["execution"],
  };
  if (input.configuration)
    redacted.configuration = rewrite(input.configuration) as ExecutionReportInput["configuration"];
  if (input.auditLog)
    redacted.auditLog = input.auditLog.map((entry) =>
      // What a user's lambda wrote (an entry with a source) is theirs: it goes whole.
      "source" in entry && entry.source !== undefined
        ? { ...entry, content: pseudonym(JSON.stringify(entry.content), "user-log") }
        : (rewrite(entry) as typeof entry),
    );
  return { input: redacted, mapping };
}
