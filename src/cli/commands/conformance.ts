import { QUERY_RULES } from "../../../generated/operations.js";
import { defineCommand, UsageError, type OptionSpecs } from "../command.js";
import { connectionOptions } from "../connection.js";

/** The connection options but --dry-run: a conformance run is all about what the provider answers. */
const { "dry-run": _dryRun, ...conformanceConnection } = connectionOptions;

/** The list's `limit`, by the spec: what --page-size may be. */
const pageLimit = QUERY_RULES.listWorkflowExecutions!.limit!;

const options = {
  space: {
    type: "string",
    placeholder: "ID",
    help: "the space to list and, with --allow-actions, to schedule in",
  },
  "max-executions": {
    type: "string",
    placeholder: "N",
    number: { whole: true, min: 1 },
    help: "read the details of N listed executions at most (default 50)",
  },
  "page-size": {
    type: "string",
    placeholder: "N",
    number: { whole: true, min: pageLimit.minimum!, max: pageLimit.maximum! },
    help: "the limit of each list page (default 10: small, so that paging is exercised)",
  },
  "max-dumps": {
    type: "string",
    placeholder: "N",
    number: { whole: true, min: 1 },
    help: "dump the system audit log of N executions at most (default 3)",
  },
  "allow-actions": {
    type: "boolean",
    help: "also schedule one execution (--schema, --revision) and pause, resume, cancel,\nrerun, retry, force-continue and delete it where its state allows; no other\nexecution is ever acted on",
  },
  schema: {
    type: "string",
    placeholder: "ID",
    help: "with --allow-actions: the workflow schema to schedule",
  },
  revision: {
    type: "string",
    placeholder: "N",
    number: { whole: true, min: 1 },
    help: "with --allow-actions: its revision number",
  },
  "action-timeout": {
    type: "string",
    placeholder: "MS",
    number: {},
    help: "with --allow-actions: how long each wait for a state may take (default 120000)",
  },
  interval: {
    type: "string",
    placeholder: "MS",
    number: {},
    help: "with --allow-actions: between two reads of a wait (default 1000)",
  },
  json: { type: "boolean", help: "print the report as JSON: {provider, checks, drift, additions, notes}" },
  report: {
    type: "string",
    placeholder: "FILE",
    files: true,
    help: "also write the report as Markdown, ready to paste into an issue",
  },
  record: {
    type: "string",
    placeholder: "DIR",
    files: true,
    help: "write every exchange to DIR as fixture files (the token never written)",
  },
  replay: {
    type: "string",
    placeholder: "DIR",
    files: true,
    help: "run offline against a recording made with --record (no host, no token)",
  },
} as const satisfies OptionSpecs;

/**
 * `conformance --space <id>`: holds a provider to openapi.yaml, read-only unless --allow-actions, and
 * reports every place where they differ.
 */
export const conformance = defineCommand({
  name: "conformance",
  usage: `conformance --space ID [--max-executions N] [--page-size N] [--max-dumps N]
                 [--allow-actions --schema ID --revision N] [--json] [--report FILE]
                 [--record DIR | --replay DIR] [connection options]`,
  listing: ["conformance --space <id>", "hold a provider to the spec; report every drift (read-only)"],
  description: `Holds the provider to this package's openapi.yaml and reports every place where they differ.
Read-only unless --allow-actions: it reads the provider's public configuration (its version),
lists every phase page by page, reads the details of what it listed, dumps a few system audit
logs, and sends probes that cannot change anything (an unknown id, a limit out of range, an
Accept or a Content-Type the route refuses, a bad token, a method the path does not take), each
held to what the spec and the server's order of checks predict. Keys the spec does not name are
reported as additions, not failures. Tokens never appear in the report or the recording.`,
  options,
  shared: { heading: "Connection:", options: conformanceConnection },
  exitCodes: {
    0: "every check as the spec says",
    1: "drift: an answer differs from the spec (or a check had no answer)",
    3: "no answer at all: the provider cannot be reached",
  },
  positionals: { count: 0, usage: "conformance takes no arguments: --space ID" },
  async run({ values }, env) {
    const settings = {
      maxExecutions: values["max-executions"] ?? 50,
      pageSize: values["page-size"] ?? 10,
      maxDumps: values["max-dumps"] ?? 3,
    };
    if (values.record !== undefined && values.replay !== undefined)
      throw new UsageError(
        "--record and --replay exclude each other: record a provider, or replay a recording",
      );
    let actions;
    if (values["allow-actions"]) {
      if (values.schema === undefined || values.revision === undefined)
        throw new UsageError("--allow-actions needs --schema ID and --revision N: what to schedule");
      actions = {
        schemaId: values.schema,
        revision: values.revision,
        timeoutMs: values["action-timeout"] ?? 120_000,
        intervalMs: values.interval ?? 1_000,
      };
    } else if (values.schema !== undefined || values.revision !== undefined)
      throw new UsageError("--schema and --revision are for --allow-actions, which was not given");
    if (values.replay === undefined && values.space === undefined)
      throw new UsageError("conformance needs --space ID: the space to list");
    const { runConformanceCommand } = await import("../conformance-run.js");
    return runConformanceCommand(
      {
        ...(values.space !== undefined && { spaceId: values.space }),
        ...settings,
        ...(actions && { actions }),
        json: values.json === true,
        ...(values.report !== undefined && { reportFile: values.report }),
        ...(values.record !== undefined && { recordDir: values.record }),
        ...(values.replay !== undefined && { replayDir: values.replay }),
      },
      values,
      env,
    );
  },
});
