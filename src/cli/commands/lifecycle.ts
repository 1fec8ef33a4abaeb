import { readFileSync } from "node:fs";
import {
  ATM_WORKFLOW_EXECUTION_PHASE_VALUES,
  AUDIT_LOG_SEVERITY_VALUES,
} from "../../../generated/enum-values.js";
import { dumpAuditLog } from "../../client/dump-audit-log.js";
import type { AtmWorkflowExecution } from "../../execution/types.js";
import type { OneproviderClient } from "../../client/create-client.js";
import { workflowPhase } from "../../execution/phases.js";
import { defineCommand, UsageError } from "../command.js";
import { connect, connection } from "../connection.js";
import { EXIT } from "../exit-codes.js";
import { localTime } from "../format.js";
import { terminalJson, terminalLine as shown } from "../terminal-text.js";
import { sleep } from "../../transport/sleep.js";
import { stopSignals } from "../stop-signals.js";
import { watch } from "./read.js";

const phases = ATM_WORKFLOW_EXECUTION_PHASE_VALUES;
const severities = AUDIT_LOG_SEVERITY_VALUES;

/** `ls <spaceId>`: the ids of a phase (or all), every page; `--long` reads each one, a few at a time. */
export const ls = defineCommand({
  name: "ls",
  usage:
    "ls <spaceId> [--phase waiting|ongoing|suspended|ended|all] [--limit N] [--long] [--json] [connection options]",
  listing: ["ls <spaceId>", "list execution ids (--phase, --limit, --long)"],
  description: `Lists the ids of the space's executions in one phase (default ongoing, as the provider does: a
just-scheduled execution is waiting), newest first, every page.`,
  options: {
    phase: {
      type: "string",
      placeholder: "P",
      values: [...phases, "all"],
      help: "waiting, ongoing, suspended, ended, or all (each phase in turn)",
    },
    limit: { type: "string", placeholder: "N", number: { whole: true, min: 1 }, help: "at most N ids" },
    long: { type: "boolean", help: "also status, schedule time and name (read 8 at a time)" },
    json: { type: "boolean", help: "a JSON array (of ids, or with --long of executions)" },
  },
  shared: connection,
  positionals: { count: 1, usage: "ls takes exactly one <spaceId>" },
  async run({ values, positionals }, env) {
    const phase = values.phase ?? "ongoing";
    const limit = values.limit ?? Infinity;
    const { client, close } = connect(values, env, [
      "the same with &token=<nextPageToken> while the answer says isLast: false" +
        (phase === "all" ? ", then the same for each other phase" : ""),
      ...(values.long ? ["GET /automation/execution/workflows/<id> for each id, 8 at a time"] : []),
    ]);
    try {
      const ids: string[] = [];
      let listed = 0;
      // Ids are printed a batch at a time as they come (with --long, each batch read first), so that
      // memory does not grow with the list: a server may send pages for as long as it likes. --json
      // streams one array.
      let opened = false;
      const flush = async () => {
        if (ids.length === 0) return;
        const items = values.long ? await readEach(client, ids) : ids;
        const text = values.json
          ? `${opened ? "," : "["}${items.map((item) => terminalJson(JSON.stringify(item))).join(",")}`
          : values.long
            ? (items as AtmWorkflowExecution[])
                .map(
                  (execution) =>
                    `${shown(execution.atmWorkflowExecutionId)}  ${shown(execution.status).padEnd(11)}  ${localTime(execution.scheduleTime || undefined)}  ${shown(execution.name)}\n`,
                )
                .join("")
            : ids.map((id) => `${shown(id)}\n`).join("");
        opened = true;
        ids.length = 0;
        // One write per batch: a thousand small writes cost more than the requests' parsing.
        process.stdout.write(text);
      };
      for (const each of phase === "all" ? phases : [phase]) {
        if (listed >= limit) break;
        for await (const id of client.iterateWorkflowExecutions(positionals[0]!, { phase: each })) {
          if (listed >= limit) break;
          ids.push(id);
          listed += 1;
          if (ids.length >= 1000) await flush();
        }
      }
      await flush();
      if (values.json) process.stdout.write(opened ? "]\n" : "[]\n");
      return EXIT.ok;
    } finally {
      close();
    }
  },
});

/** The executions of `ids`, in order, read 8 at a time: a provider is not to be flooded with a thousand requests at once. */
async function readEach(client: OneproviderClient, ids: readonly string[]): Promise<AtmWorkflowExecution[]> {
  const executions = new Array<AtmWorkflowExecution>(ids.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, ids.length) }, async () => {
      while (next < ids.length) {
        const index = next++;
        executions[index] = await client.getWorkflowExecution(ids[index]!);
      }
    }),
  );
  return executions;
}

/** The `--input STORE=JSON|@file` values, as the schedule's store overlay. */
function overlayOf(inputs: string[]): Record<string, unknown> | undefined {
  if (inputs.length === 0) return undefined;
  const overlay: Record<string, unknown> = {};
  for (const input of inputs) {
    const equals = input.indexOf("=");
    if (equals < 1) throw new UsageError(`--input takes STORE=JSON or STORE=@FILE, not "${input}"`);
    const store = input.slice(0, equals);
    let text = input.slice(equals + 1);
    if (text.startsWith("@")) {
      try {
        text = readFileSync(text.slice(1), "utf8");
      } catch (error) {
        throw new UsageError(
          `cannot read the --input file for ${store}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
        );
      }
    }
    try {
      overlay[store] = JSON.parse(text);
    } catch {
      throw new UsageError(`--input ${store}: the value is not JSON`);
    }
  }
  return overlay;
}

/** `schedule --space S --schema ID --revision N …`: prints the new id; `--watch` follows it. */
export const schedule = defineCommand({
  name: "schedule",
  usage: `schedule --space S --schema ID --revision N [--input STORE=JSON|STORE=@FILE …]
                 [--log-level L] [--callback URL] [--watch] [--json] [connection options]`,
  listing: [
    "schedule --space S --schema ID --revision N",
    "schedule an execution; prints its id (--watch follows it)",
  ],
  description: "Schedules an execution of a workflow schema revision and prints its id.",
  options: {
    space: { type: "string", placeholder: "S", help: "the space to run it in" },
    schema: { type: "string", placeholder: "ID", help: "the workflow schema" },
    revision: {
      type: "string",
      placeholder: "N",
      number: { whole: true, min: 1 },
      help: "its revision number",
    },
    input: {
      type: "string",
      multiple: true,
      placeholder: "STORE=JSON",
      files: true,
      help: "initial content of a store (repeatable); STORE=@FILE reads the JSON from FILE",
    },
    "log-level": {
      type: "string",
      placeholder: "L",
      values: severities,
      help: severities.map((level) => (level === "info" ? "info (default)" : level)).join(", "),
    },
    callback: {
      type: "string",
      placeholder: "URL",
      help: "called by the provider on every stop of the execution",
    },
    watch: {
      type: "boolean",
      help: "then follow it as watch does (same exit codes; --interval and\n--max-interval as for watch)",
    },
    // Passed on to watch.
    interval: { type: "string", placeholder: "MS", number: {}, help: "with --watch: as for watch" },
    "max-interval": { type: "string", placeholder: "MS", number: {}, help: "with --watch: as for watch" },
    json: { type: "boolean", help: "print the provider's answer as JSON" },
  },
  shared: connection,
  positionals: { count: 0, usage: "schedule takes options only: --space S --schema ID --revision N" },
  async run({ values, args }, env) {
    if (!values.space || !values.schema || !values.revision)
      throw new UsageError("schedule needs --space S --schema ID --revision N");
    const logLevel = values["log-level"];
    const storeInitialContentOverlay = overlayOf(values.input ?? []);
    const { client, close } = connect(
      values,
      env,
      values.watch
        ? ["GET /automation/execution/workflows/<the new id> until it stops, as watch does"]
        : undefined,
    );
    let wid: string;
    try {
      const answer = await client.scheduleWorkflowExecution({
        spaceId: values.space,
        atmWorkflowSchemaId: values.schema,
        atmWorkflowSchemaRevisionNumber: values.revision,
        ...(storeInitialContentOverlay && { storeInitialContentOverlay }),
        ...(logLevel !== undefined && { logLevel: logLevel }),
        ...(values.callback !== undefined && { callback: values.callback }),
      });
      wid = answer.atmWorkflowExecutionId;
      process.stdout.write(values.json ? `${terminalJson(JSON.stringify(answer))}\n` : `${shown(wid)}\n`);
    } finally {
      close();
    }
    if (!values.watch) return EXIT.ok;
    // Follow it as `watch` does, with the same connection options.
    const passOn = args.filter(
      (arg, index) => !["--watch", "--json"].includes(arg) && !isScheduleOnly(args, index),
    );
    return watch.run([wid, ...passOn], env);
  },
});

/** Whether `args[index]` is a schedule-only option or its value, which `watch` does not take. */
function isScheduleOnly(args: string[], index: number): boolean {
  const only = ["--space", "--schema", "--revision", "--input", "--log-level", "--callback"];
  const arg = args[index]!;
  if (only.some((flag) => arg === flag || arg.startsWith(`${flag}=`))) return true;
  const previous = args[index - 1];
  return previous !== undefined && only.includes(previous);
}

/** `logs <wid>`: the execution's system audit log, one line per entry (or JSON lines); `--follow` waits for more. */
export const logs = defineCommand({
  name: "logs",
  usage: "logs <wid> [--follow] [--level L] [--json] [connection options]",
  listing: ["logs <wid>", "the execution's audit log (--follow, --level, --json)"],
  description: "Prints the execution's system audit log, oldest first: local time, severity and description.",
  options: {
    follow: {
      type: "boolean",
      help: "then print new entries as they come, until the execution stops (ends or is\nsuspended); the log is read again every --interval MS (default 2000)",
    },
    interval: {
      type: "string",
      placeholder: "MS",
      number: {},
      help: "with --follow: how often the log is read again (default 2000)",
    },
    level: {
      type: "string",
      placeholder: "L",
      values: severities,
      help: `only entries at L or above, of ${severities.join(", ")} (a severity this version does not\nknow is always shown)`,
    },
    json: { type: "boolean", help: "one JSON entry per line, as the provider sent it" },
  },
  shared: connection,
  positionals: { count: 1, usage: "logs takes exactly one <wid>" },
  async run({ values, positionals }, env) {
    const floor = severities.indexOf(values.level ?? "debug");
    const intervalMs = values.interval ?? 2_000;
    const { client, close } = connect(values, env, [
      "GET /automation/execution/stores/<its systemAuditLogStoreId>/dump",
      ...(values.follow ? [`both again every ${intervalMs} ms until the execution stops`] : []),
    ]);
    const stop = stopSignals();
    try {
      const wid = positionals[0]!;
      // The dump has no offset: a follow reads the log again and prints what it has not printed yet.
      let printed = -1;
      for (;;) {
        const execution = await client.getWorkflowExecution(wid, { signal: stop.signal });
        const stopped = ["ended", "suspended"].includes(workflowPhase(execution.status));
        if (execution.systemAuditLogStoreId === null) return EXIT.ok;
        for await (const entry of dumpAuditLog(client, execution.systemAuditLogStoreId, {
          signal: stop.signal,
        })) {
          const index = Number(entry.index);
          if (index <= printed) continue;
          printed = index;
          // A severity this version does not know cannot be ranked: it is shown, never dropped.
          const rank = (severities as readonly string[]).indexOf(entry.severity);
          if (rank >= 0 && rank < floor) continue;
          if (values.json) {
            process.stdout.write(`${terminalJson(JSON.stringify(entry))}\n`);
            continue;
          }
          const content = entry.content as { description?: unknown } | null;
          const text =
            typeof content?.description === "string" ? content.description : JSON.stringify(entry.content);
          process.stdout.write(
            `${localTime(Math.floor(entry.timestamp / 1000))}  ${shown(entry.severity).padEnd(9)}  ${shown(text)}\n`,
          );
        }
        // Read once more after the execution stopped, so that its last entries are in; then end.
        if (!values.follow || stopped) return EXIT.ok;
        // A wait that leaves no listener behind on the stop signal, however many polls a follow makes.
        await sleep(intervalMs, stop.signal).catch(() => undefined);
        if (stop.exitCode !== undefined) return stop.exitCode;
      }
    } catch (error) {
      if (stop.exitCode !== undefined) return stop.exitCode;
      throw error;
    } finally {
      stop.release();
      close();
    }
  },
});
