import { ATM_WORKFLOW_EXECUTION_PHASE_VALUES } from "../../generated/enum-values.js";
import { isPathSegment } from "../api/path-segment.js";
import { OPERATIONS } from "../api/operation-table.js";
import type { AtmWorkflowExecution } from "../execution/types.js";
import { runActions } from "./actions-suite.js";
import type { ConformanceOptions, SuiteEnvironment } from "./run-options.js";

export type { ConformanceOptions, SuiteEnvironment } from "./run-options.js";
import { CheckRunner, type Findings } from "./check-runner.js";

/** The run's report: the provider's release, each check, each drift and addition. */
export interface ConformanceReport extends Findings {
  provider: { version: string | null; build: string | null } | null;
}

/** Phases of the list, in the spec's (and the server's) order. */
const PHASES = ATM_WORKFLOW_EXECUTION_PHASE_VALUES;

/** The methods the spec gives the execution's own path, which a 405 there must allow. */
const detailsMethods = Object.values(OPERATIONS)
  .filter((route) => route.path === OPERATIONS.getWorkflowExecutionDetails.path)
  .map((route) => route.method)
  .sort();

/** Ids that no provider has: probes that name them cannot touch anything. */
export const UNKNOWN_EXECUTION_ID = "0000000000000000conformanceprobech0000";
export const UNKNOWN_STORE_ID = "0000000000000000conformanceprobech0001";

const ERROR_BODY = "a Onedata error envelope {error: {id, description, details?}}";

/**
 * The conformance run. Read-only unless `options.actions` is given: it lists every phase, reads and
 * dumps what it listed, and sends probes that cannot change anything (an unknown id, a bad limit, an
 * Accept or a Content-Type the route refuses, a bad token, a method the path does not take), each
 * held to what the spec and the server's order of checks predict.
 */
export async function runConformance(
  options: ConformanceOptions,
  environment: SuiteEnvironment,
): Promise<ConformanceReport> {
  const runner = new CheckRunner(environment.exchange, environment.onCheck);
  const provider = await readConfiguration(runner);
  const listed = await listEveryPhase(runner, options);
  const executions = await readDetails(runner, options, listed);
  await dumpLogs(runner, options, executions);
  await probe(runner, options, executions);
  if (options.actions) await runActions(runner, { ...options, actions: options.actions }, environment);
  return { provider, ...runner.findings };
}

async function readConfiguration(runner: CheckRunner): Promise<ConformanceReport["provider"]> {
  const { response, json } = await runner.run(
    "provider.configuration",
    "getConfiguration",
    { auth: "none" },
    {
      statuses: [200],
      describe: "200 with the provider's public configuration (version, build), no token needed",
    },
  );
  if (response?.status !== 200 || typeof json !== "object" || json === null) {
    runner.note(
      `The provider's version is unknown: its public configuration (GET /configuration) answered ${response ? response.status : "nothing"}.`,
    );
    return null;
  }
  const { version, build } = json as { version?: unknown; build?: unknown };
  if (typeof version !== "string")
    runner.note("The provider's public configuration does not say its version.");
  return {
    version: typeof version === "string" ? version : null,
    build: typeof build === "string" ? build : null,
  };
}

/** Every phase, page after page with a small limit, until the last page or enough ids. */
async function listEveryPhase(runner: CheckRunner, options: ConformanceOptions) {
  const listed = new Map<(typeof PHASES)[number], string[]>();
  for (const phase of PHASES) {
    const ids: string[] = [];
    const tokens = new Set<string>();
    let token: string | undefined;
    // Enough pages for maxExecutions ids, and one more for the empty last page that follows a full one.
    const maxPages = Math.ceil(options.maxExecutions / options.pageSize) + 1;
    for (let page = 1; page <= maxPages; page++) {
      const limit = options.pageSize;
      const { response, json } = await runner.run(
        `list.${phase}.${page}`,
        "listWorkflowExecutions",
        {
          pathParameters: { sid: options.spaceId },
          query: { phase, limit, ...(token !== undefined && { token }) },
        },
        {
          // A space that is not the caller's to list here is answered as the spec says: not drift, but
          // nothing to read either (the notes say so).
          statuses: [200, 400, 403],
          describe: `200 with a page of at most ${limit} ids; isLast exactly when fewer than ${limit} came, and then nextPageToken null (400 spaceNotSupportedBy or 403 forbidden for a space not yours to list here)`,
          also: (body, answer) => (answer.status === 200 ? pageFindings(body, limit, tokens) : []),
        },
      );
      if (response !== undefined && response.status !== 200) {
        const errorId = (json as { error?: { id?: unknown } } | undefined)?.error?.id;
        runner.note(
          `Space ${options.spaceId} could not be listed in phase ${phase} (${response.status}${typeof errorId === "string" ? ` ${errorId}` : ""}): check --space and your privileges there.`,
        );
      }
      if (response?.status !== 200 || !isPage(json)) break;
      // An id that cannot be one path segment ("..") would send the next request elsewhere: not read.
      ids.push(...json.atmWorkflowExecutions.filter(isPathSegment));
      if (json.isLast || typeof json.nextPageToken !== "string" || tokens.has(json.nextPageToken)) break;
      tokens.add(json.nextPageToken);
      token = json.nextPageToken;
      if (ids.length >= options.maxExecutions) break;
    }
    listed.set(phase, ids);
  }
  return listed;
}

interface Page {
  atmWorkflowExecutions: unknown[];
  isLast: unknown;
  nextPageToken: unknown;
}

function isPage(json: unknown): json is Page {
  return typeof json === "object" && json !== null && Array.isArray((json as Page).atmWorkflowExecutions);
}

/** The server's paging rule (IsLast = limit > count) and its token: null exactly on the last page, never one seen before. */
function pageFindings(json: unknown, limit: number, seen: Set<string>): Array<[string, string]> {
  if (!isPage(json)) return [];
  const found: Array<[string, string]> = [];
  const count = json.atmWorkflowExecutions.length;
  if (count > limit) found.push(["/atmWorkflowExecutions", `${count} ids, more than the limit ${limit}`]);
  if (typeof json.isLast === "boolean" && json.isLast !== count < limit)
    found.push([
      "/isLast",
      `is ${json.isLast} for ${count} ids at limit ${limit}; the server's rule gives ${count < limit}`,
    ]);
  if (json.isLast === true && json.nextPageToken !== null && json.nextPageToken !== undefined)
    found.push(["/nextPageToken", "is set on the last page; the spec says null"]);
  if (json.isLast === false && typeof json.nextPageToken === "string" && seen.has(json.nextPageToken))
    found.push(["/nextPageToken", "repeats a token of an earlier page: paging would never end"]);
  if (json.isLast === false && json.nextPageToken === null)
    found.push(["/nextPageToken", "is null on a page that is not the last"]);
  json.atmWorkflowExecutions.forEach((id, index) => {
    if (typeof id === "string" && !isPathSegment(id))
      found.push([
        `/atmWorkflowExecutions/${index}`,
        `${JSON.stringify(id)} cannot be one path segment: not read`,
      ]);
  });
  return found;
}

/** Up to maxExecutions listed ids, taken from the phases in turn, so that each phase is read. */
function pickIds(listed: Map<string, string[]>, max: number): string[] {
  const picked: string[] = [];
  const queues = [...listed.values()].map((ids) => [...ids]);
  while (picked.length < max && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const id = queue.shift();
      if (id !== undefined && !picked.includes(id) && picked.length < max) picked.push(id);
    }
  }
  return picked;
}

async function readDetails(
  runner: CheckRunner,
  options: ConformanceOptions,
  listed: Map<string, string[]>,
): Promise<AtmWorkflowExecution[]> {
  const total = [...listed.values()].reduce((sum, ids) => sum + ids.length, 0);
  const ids = pickIds(listed, options.maxExecutions);
  if (total > ids.length)
    runner.note(`Details were read for ${ids.length} of the ${total} listed executions (--max-executions).`);
  if (ids.length === 0)
    runner.note(`No execution is listed in space ${options.spaceId}: no details were read.`);
  const executions: AtmWorkflowExecution[] = [];
  for (const wid of ids) {
    const { response, json } = await runner.run(
      `details.${wid}`,
      "getWorkflowExecutionDetails",
      { pathParameters: { wid } },
      {
        // The list has no inventory filter: an execution of another inventory's schema is listed, and its details are 403.
        statuses: [200, 403],
        describe:
          "200 with the execution (403 when its schema's inventory is not yours: the list does not filter)",
        also: (body, answer) =>
          answer.status === 200 && typeof body === "object" && body !== null
            ? [
                ...((body as AtmWorkflowExecution).atmWorkflowExecutionId !== wid
                  ? ([["/atmWorkflowExecutionId", `is not the id asked for (${wid})`]] as Array<
                      [string, string]
                    >)
                  : []),
                ...((body as AtmWorkflowExecution).spaceId !== options.spaceId
                  ? ([["/spaceId", `is not the space listed (${options.spaceId})`]] as Array<
                      [string, string]
                    >)
                  : []),
              ]
            : [],
      },
    );
    if (
      response?.status === 200 &&
      typeof json === "object" &&
      json !== null &&
      Array.isArray((json as AtmWorkflowExecution).lanes)
    )
      executions.push(json as AtmWorkflowExecution);
  }
  return executions;
}

/** The attachment name the server gives a system log dump (§11), with a UTC time. */
const systemLogFileName = (wid: string) =>
  new RegExp(
    `^attachment; filename="${wid.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.audit_log\\.WORKFLOW-SYSTEM-AUDIT-LOG\\.\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}\\.json"$`,
  );

async function dumpLogs(
  runner: CheckRunner,
  options: ConformanceOptions,
  executions: AtmWorkflowExecution[],
) {
  const withLog = executions.filter((execution) => typeof execution.systemAuditLogStoreId === "string");
  for (const execution of withLog.slice(0, options.maxDumps)) {
    await runner.run(
      `dump.${execution.atmWorkflowExecutionId}`,
      "dumpAtmStore",
      {
        pathParameters: { sid: execution.systemAuditLogStoreId! },
        headers: { accept: OPERATIONS.dumpAtmStore.accept ?? "application/octet-stream" },
      },
      {
        statuses: [200],
        describe:
          "200 streamed, application/json, content-disposition attachment with the system log's file name, a JSON array of entries oldest first",
        also: (body, response) => {
          const found: Array<[string, string]> = [];
          const disposition = response.headers["content-disposition"];
          if (
            disposition !== undefined &&
            !systemLogFileName(execution.atmWorkflowExecutionId).test(disposition)
          )
            found.push([
              "",
              `content-disposition ${JSON.stringify(disposition)} is not the system log's attachment name`,
            ]);
          if (Array.isArray(body))
            for (let index = 1; index < body.length; index++) {
              const [before, entry] = [
                body[index - 1] as { timestamp?: unknown },
                body[index] as { timestamp?: unknown },
              ];
              if (
                typeof before?.timestamp === "number" &&
                typeof entry?.timestamp === "number" &&
                entry.timestamp < before.timestamp
              ) {
                found.push([
                  `/${index}/timestamp`,
                  "is earlier than the entry before it; the log is oldest first",
                ]);
                break;
              }
            }
          return found;
        },
      },
    );
  }
  if (withLog.length === 0 && executions.length > 0)
    runner.note("No execution read has a system audit log: nothing was dumped.");
}

/** Probes that cannot change anything, each with the answer the server's order of checks gives (§0.1). */
async function probe(runner: CheckRunner, options: ConformanceOptions, executions: AtmWorkflowExecution[]) {
  const unknown = { pathParameters: { wid: UNKNOWN_EXECUTION_ID } };
  await runner.run("probe.unknown-execution", "getWorkflowExecutionDetails", unknown, {
    statuses: [404],
    errorId: "notFound",
    describe: `404 notFound for an execution id no provider has, as ${ERROR_BODY}`,
  });
  await runner.run(
    "probe.limit-out-of-range",
    "listWorkflowExecutions",
    { pathParameters: { sid: options.spaceId }, query: { limit: 0 } },
    {
      statuses: [400],
      errorId: "badValueNotInRange",
      details: { key: "limit", low: 1, high: 1000 },
      describe: "400 badValueNotInRange with details {key: limit, low: 1, high: 1000}",
    },
  );
  await runner.run(
    "probe.not-acceptable",
    "getWorkflowExecutionDetails",
    { ...unknown, headers: { accept: "application/xml" } },
    { statuses: [406], describe: "406 with no body: Accept is checked before the execution is looked up" },
  );
  await runner.run(
    "probe.dump-not-acceptable",
    "dumpAtmStore",
    { pathParameters: { sid: UNKNOWN_STORE_ID }, headers: { accept: "application/json" } },
    { statuses: [406], describe: "406 with no body: the dump produces application/octet-stream, not JSON" },
  );
  await runner.run(
    "probe.bad-token",
    "getWorkflowExecutionDetails",
    { ...unknown, auth: "bad-token" },
    {
      statuses: [401],
      errorId: "unauthorized",
      describe: "401 unauthorized with details.authError (why the token was refused), before any lookup",
      also: (body) =>
        typeof (body as { error?: { details?: { authError?: { id?: unknown } } } } | undefined)?.error
          ?.details?.authError?.id === "string"
          ? []
          : [["/error/details/authError", "is missing: the server says why the token was refused"]],
    },
  );
  await runner.run(
    "probe.no-token",
    "listWorkflowExecutions",
    { pathParameters: { sid: options.spaceId }, auth: "none" },
    { statuses: [401], errorId: "unauthorized", describe: "401 unauthorized for a guest (no token)" },
  );
  await runner.run(
    "probe.wrong-content-type",
    "retryWorkflowExecution",
    {
      ...unknown,
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ laneIndex: 1, laneRunNumber: 1 }),
    },
    {
      statuses: [415],
      describe: "415 with no body: the body's Content-Type is checked before the execution is looked up",
    },
  );
  await runner.run(
    "probe.body-ignored",
    "cancelWorkflowExecution",
    { ...unknown, headers: { "content-type": "text/plain" }, body: "not json" },
    {
      statuses: [404],
      errorId: "notFound",
      describe: "404 notFound: cancel takes any body and ignores it, then finds no such execution",
    },
  );
  await runner.run(
    "probe.method-not-allowed",
    "getWorkflowExecutionDetails",
    { ...unknown, method: "PUT" },
    {
      statuses: [405],
      describe: `405 with no body and allow: ${detailsMethods.join(", ")}`,
      also: (_body, response) => {
        const allowed = (response.headers.allow ?? "")
          .split(",")
          .map((method) => method.trim().toUpperCase());
        return detailsMethods.every((method) => allowed.includes(method))
          ? []
          : [
              [
                "",
                `allow is ${JSON.stringify(response.headers.allow ?? null)}; the path takes ${detailsMethods.join(" and ")}`,
              ],
            ];
      },
    },
  );
  await runner.run(
    "probe.schedule-missing-fields",
    "scheduleWorkflowExecution",
    { headers: { "content-type": "application/json" }, body: "{}" },
    {
      statuses: [400],
      errorId: "missingRequiredValue",
      details: { key: "atmWorkflowSchemaId" },
      describe:
        "400 missingRequiredValue {key: atmWorkflowSchemaId}: the first required key in byte order; nothing is scheduled",
    },
  );
  const exceptionStore = executions
    .flatMap((execution) => execution.lanes.flatMap((lane) => lane.runs))
    .map((run) => run.exceptionStoreId)
    .find((id): id is string => typeof id === "string");
  if (exceptionStore === undefined) {
    runner.note(
      "No lane run read has an exception store: the dump of a store that is not an audit log was not probed.",
    );
    return;
  }
  await runner.run(
    "probe.dump-not-an-audit-log",
    "dumpAtmStore",
    {
      pathParameters: { sid: exceptionStore },
      headers: { accept: OPERATIONS.dumpAtmStore.accept ?? "application/octet-stream" },
    },
    {
      statuses: [400],
      errorId: "notSupported",
      describe: "400 notSupported: only audit-log stores can be dumped",
    },
  );
}
