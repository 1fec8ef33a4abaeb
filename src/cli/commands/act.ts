import { allowedActions, type LaneRunRef } from "../../execution/allowed-actions.js";
import { ACTIONS, type SimpleAction } from "../../api/actions.js";
import { defineCommand, UsageError } from "../command.js";
import { connect, connection } from "../connection.js";
import { EXIT } from "../exit-codes.js";

/** What each simple command's help says it does. */
const descriptions: Record<SimpleAction, string> = {
  cancel: `Cancels a waiting, ongoing or suspended execution. A suspended one is cancelled at once; a running
one is stopping when the provider answers, and cancelled soon after.`,
  pause: "Pauses a waiting or ongoing execution: stopping when the provider answers, then paused.",
  resume: "Resumes a paused or interrupted execution: its current run continues.",
  forceContinue: "Force-continues a failed execution from its next lane (not when the last lane failed).",
  delete:
    "Deletes (discards) a suspended or ended execution: at once invisible, purged later by the provider.",
};

/** `cancel|pause|resume|continue|rm <wid>`: one action; prints what the provider accepted. */
export function simpleAction(action: SimpleAction) {
  const { command, operationId } = ACTIONS[action];
  return defineCommand({
    name: command,
    usage: `${command} <wid> [connection options]`,
    ...(action === "cancel" && {
      listing: [
        "cancel | pause | resume | continue | rm <wid>",
        "act on an execution (continue: force-continue a failed one)",
      ] as const,
    }),
    description: descriptions[action],
    options: {},
    shared: connection,
    positionals: { count: 1, usage: `${command} takes exactly one <wid>` },
    async run({ values, positionals }, env) {
      const { client, close } = connect(values, env);
      try {
        const wid = positionals[0]!;
        await client[operationId](wid);
        process.stdout.write(`${command}: accepted for ${wid}\n`);
        return EXIT.ok;
      } finally {
        close();
      }
    },
  });
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
  return defineCommand({
    name: how,
    usage: `${how} <wid> [--lane N --run N] [connection options]`,
    ...(how === "retry" && {
      listing: ["retry | rerun <wid> [--lane N --run N]", "repeat a lane run of an ended execution"] as const,
    }),
    description:
      how === "retry"
        ? `Retries the failed items of a lane run of an ended execution. Without --lane and --run, the one run
that can be retried now; if there are several or none, says which can.`
        : `Runs a lane run of an ended execution again, from that lane on. Without --lane and --run, the one
run that can be rerun now; if there are several or none, says which can.`,
    options: {
      lane: { type: "string", placeholder: "N", help: "the lane, counted from 1" },
      run: { type: "string", placeholder: "N", help: "the lane run's number" },
    },
    shared: connection,
    positionals: { count: 1, usage: `${how} takes exactly one <wid>` },
    async run({ values, positionals }, env) {
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
    },
  });
}
