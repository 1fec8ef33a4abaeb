import { allowedActions, type LaneRunRef } from "../../execution/allowed-actions.js";
import { connect, connectionOptions } from "../connection.js";
import { EXIT } from "../exit-codes.js";
import { parseCommand, UsageError } from "../parse-command.js";

type Simple = "cancel" | "pause" | "resume" | "continue" | "rm";
const simpleCalls = {
  cancel: "cancelWorkflowExecution",
  pause: "pauseWorkflowExecution",
  resume: "resumeWorkflowExecution",
  continue: "forceContinueWorkflowExecution",
  rm: "deleteWorkflowExecution",
} as const;

/** `cancel|pause|resume|continue|rm <wid>`: one action; prints what the provider accepted. */
export function simpleAction(name: Simple) {
  return async (args: string[], env: NodeJS.ProcessEnv): Promise<number> => {
    const parsed = parseCommand(args, name, connectionOptions, {
      count: 1,
      usage: `${name} takes exactly one <wid>`,
    });
    if (!parsed) return EXIT.ok;
    const { client, close } = connect(parsed.values, env);
    try {
      const wid = parsed.positionals[0]!;
      await client[simpleCalls[name]](wid);
      process.stdout.write(`${name}: accepted for ${wid}\n`);
      return EXIT.ok;
    } finally {
      close();
    }
  };
}

function positiveInteger(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--${flag} takes a whole number of at least 1, not "${value}"`);
  return Number(value);
}

/**
 * `retry|rerun <wid> [--lane N --run N]`: without a selector, the one run the provider would accept
 * (from allowedActions), or a usage error that lists the choices.
 */
export function repeatAction(how: "retry" | "rerun") {
  return async (args: string[], env: NodeJS.ProcessEnv): Promise<number> => {
    const parsed = parseCommand(
      args,
      how,
      { ...connectionOptions, lane: { type: "string" }, run: { type: "string" } },
      { count: 1, usage: `${how} takes exactly one <wid>` },
    );
    if (!parsed) return EXIT.ok;
    const { values, positionals } = parsed;
    if ((values.lane === undefined) !== (values.run === undefined))
      throw new UsageError(`--lane and --run go together: ${how} <wid> --lane N --run N`);
    const { client, close } = connect(
      values,
      env,
      values.lane === undefined
        ? [
            `POST /automation/execution/workflows/${positionals[0]}/${how} with the one lane run the answer allows`,
          ]
        : undefined,
    );
    try {
      const wid = positionals[0]!;
      let run: LaneRunRef;
      if (values.lane !== undefined && values.run !== undefined) {
        run = {
          laneIndex: positiveInteger(values.lane, "lane"),
          laneRunNumber: positiveInteger(values.run, "run"),
        };
      } else {
        const choices = allowedActions(await client.getWorkflowExecution(wid))[how];
        const listed = choices
          .map((each) => `--lane ${each.laneIndex} --run ${each.laneRunNumber}`)
          .join(", ");
        if (choices.length === 0)
          throw new UsageError(`no run of ${wid} can be ${how === "retry" ? "retried" : "rerun"} now`);
        if (choices.length > 1)
          throw new UsageError(
            `several runs can be ${how === "retry" ? "retried" : "rerun"}: choose one of ${listed}`,
          );
        run = choices[0]!;
      }
      await (how === "retry"
        ? client.retryWorkflowExecution(wid, run)
        : client.rerunWorkflowExecution(wid, run));
      process.stdout.write(`${how}: accepted for ${wid}, lane ${run.laneIndex} run ${run.laneRunNumber}\n`);
      return EXIT.ok;
    } finally {
      close();
    }
  };
}
