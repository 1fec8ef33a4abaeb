import { readFileSync } from "node:fs";
import {
  ATM_WORKFLOW_EXECUTION_PHASE_VALUES,
  AUDIT_LOG_SEVERITY_VALUES,
} from "../../../generated/enum-values.js";
import { dumpAuditLog } from "../../client/dump-audit-log.js";
import type { AtmWorkflowExecution } from "../../execution/types.js";
import type { OneproviderClient } from "../../client/create-client.js";
import { workflowPhase } from "../../execution/phases.js";
import { program, UsageError } from "../command.js";
import { defineProviderCommand } from "../connection.js";
import { EXIT, EXIT_MEANING, STOP_EXIT_CODES, WATCH_EXIT_CODES } from "../exit-codes.js";
import { localTime } from "../format.js";
import { terminalJson, terminalLine as shown } from "../terminal-text.js";
import { sleep } from "../../transport/sleep.js";
import { stopSignals } from "../stop-signals.js";
import { watch } from "./read.js";

const phases = ATM_WORKFLOW_EXECUTION_PHASE_VALUES;
const severities = AUDIT_LOG_SEVERITY_VALUES;

/** `ls <spaceId>`: the ids of a phase (or all), every page; `--long` reads each one, a few at a time. */
export const ls = defineProviderCommand({
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
  positionals: { count: 1, usage: "ls takes exactly one <spaceId>" },
  dryRunThen: ({ values }) => [
    "the same with &token=<nextPageToken> while the answer says isLast: false" +
      (values.phase === "all" ? ", then the same for each other phase" : ""),
    ...(values.long ? ["GET /automation/execution/workflows/<id> for each id, 8 at a time"] : []),
  ],
  async run({ values, positionals }, connected) {
    const phase = values.phase ?? "ongoing";
    const limit = values.limit ?? Infinity;
    const client = connected();
    const spaceId = positionals[0]!;
    /** The ids of the batch, each with the phase it was listed in. */
    const batch: Array<[id: string, phase: string]> = [];
    let listed = 0;
    // Ids are printed a batch at a time as they come (with --long, each batch read first), so that
    // memory does not grow with the list: a server may send pages for as long as it likes. --json
    // streams one array.
    let opened = false;
    const flush = async () => {
      if (batch.length === 0) return;
      const ids = batch.map(([id]) => id);
      let text: string;
      if (values.json) {
        const items = values.long ? await readEach(client, ids) : ids;
        text = `${opened ? "," : "["}${items.map((item) => terminalJson(JSON.stringify(item))).join(",")}`;
      } else if (values.long) {
        const executions = await readEach(client, ids);
        // With every phase listed, the phase it was listed in: a status alone does not say it.
        const row = (id: string, status: string, when: string, name: string, listedIn: string) =>
          `${id}  ${status.padEnd(11)}  ${phase === "all" ? `${listedIn.padEnd(9)}  ` : ""}${when.padEnd(19)}  ${name}\n`;
        text =
          (opened ? "" : row("ID".padEnd(ids[0]!.length), "STATUS", "SCHEDULED", "NAME", "PHASE")) +
          executions
            .map((execution, index) =>
              row(
                shown(execution.atmWorkflowExecutionId),
                shown(execution.status),
                localTime(execution.scheduleTime || undefined),
                shown(execution.name),
                batch[index]![1],
              ),
            )
            .join("");
      } else {
        text = ids.map((id) => `${shown(id)}\n`).join("");
      }
      opened = true;
      batch.length = 0;
      // One write per batch: a thousand small writes cost more than the requests' parsing.
      process.stdout.write(text);
    };
    for (const each of phase === "all" ? phases : [phase]) {
      if (listed >= limit) break;
      for await (const id of client.iterateWorkflowExecutions(spaceId, { phase: each })) {
        if (listed >= limit) break;
        batch.push([id, each]);
        listed += 1;
        if (batch.length >= 1000) await flush();
      }
    }
    await flush();
    if (values.json) process.stdout.write(opened ? "]\n" : "[]\n");
    else if (!opened)
      process.stderr.write(
        phase === "all"
          ? `${program}: no executions in space ${shown(spaceId)}, in any phase\n`
          : `${program}: no ${phase} executions in space ${shown(spaceId)}${values.phase === undefined ? " (ongoing is the default; --phase all lists every phase)" : ""}\n`,
      );
    return EXIT.ok;
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
export const schedule = defineProviderCommand({
  name: "schedule",
  usage: `schedule --space S --schema ID --revision N [--input STORE=JSON|STORE=@FILE …]
                 [--log-level L] [--callback URL] [--watch] [--json] [connection options]`,
  listing: [
    "schedule --space S --schema ID --revision N",
    "schedule an execution; prints its id (--watch follows it)",
  ],
  description: "Schedules an execution of a workflow schema revision and prints its id.",
  options: {
    space: { type: "string", placeholder: "S", required: true, help: "the space to run it in" },
    schema: { type: "string", placeholder: "ID", required: true, help: "the workflow schema" },
    revision: {
      type: "string",
      placeholder: "N",
      required: true,
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
  exitCodes: { ...WATCH_EXIT_CODES, 0: "success (with --watch: the execution finished)" },
  positionals: { count: 0, usage: "schedule takes options only: --space S --schema ID --revision N" },
  dryRunThen: ({ values }) =>
    values.watch
      ? ["GET /automation/execution/workflows/<the new id> until it stops, as watch does"]
      : undefined,
  async run({ values, args }, connected, env) {
    const logLevel = values["log-level"];
    const storeInitialContentOverlay = overlayOf(values.input ?? []);
    const answer = await connected().scheduleWorkflowExecution({
      spaceId: values.space!,
      atmWorkflowSchemaId: values.schema!,
      atmWorkflowSchemaRevisionNumber: values.revision!,
      ...(storeInitialContentOverlay && { storeInitialContentOverlay }),
      ...(logLevel !== undefined && { logLevel: logLevel }),
      ...(values.callback !== undefined && { callback: values.callback }),
    });
    const wid = answer.atmWorkflowExecutionId;
    process.stdout.write(values.json ? `${terminalJson(JSON.stringify(answer))}\n` : `${shown(wid)}\n`);
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
export const logs = defineProviderCommand({
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
  exitCodes: { 1: EXIT_MEANING[1], 3: EXIT_MEANING[3], ...STOP_EXIT_CODES },
  positionals: { count: 1, usage: "logs takes exactly one <wid>" },
  dryRunThen: ({ values }) => [
    "GET /automation/execution/stores/<its systemAuditLogStoreId>/dump",
    ...(values.follow ? [`both again every ${values.interval ?? 2_000} ms until the execution stops`] : []),
  ],
  async run({ values, positionals }, connected) {
    const floor = severities.indexOf(values.level ?? "debug");
    const intervalMs = values.interval ?? 2_000;
    const client = connected();
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
    }
  },
});
