import { ACTION_HELP, ACTIONS, REQUIRED_BODY_FIELDS } from "../../../generated/operations.js";
import { OPERATIONS } from "../../api/operation-table.js";
import { fillPath } from "../../api/path-segment.js";
import { allowedActions, type LaneRunRef } from "../../execution/allowed-actions.js";
import type { OneproviderClient } from "../../client/create-client.js";
import { UsageError, type Command } from "../command.js";
import { defineProviderCommand } from "../connection.js";
import { EXIT } from "../exit-codes.js";

type ActionName = keyof typeof ACTIONS;
const actionNames = Object.keys(ACTIONS) as ActionName[];
const takesRun = (name: ActionName) => "body" in ACTIONS[name];

/** Help text as the help prints it: lines of at most 100 columns. */
const wrapped = (text: string) => text.replace(/(.{1,100})(?: +|$)/g, "$1\n").trimEnd();

/** The lane run a retry or rerun takes, by the spec: what --lane and --run may be. */
const runFields = REQUIRED_BODY_FIELDS.retryWorkflowExecution!;
const wholeFrom = (field: string) => ({ whole: true, min: runFields[field]!.minimum! }) as const;

/** The run to repeat: the one given, or the one `allowedActions` offers, or a usage error that lists the choices. */
async function chosenRun(
  client: OneproviderClient,
  wid: string,
  name: ActionName,
  values: { lane?: number; run?: number },
): Promise<LaneRunRef> {
  const { command } = ACTIONS[name];
  if (values.lane !== undefined && values.run !== undefined)
    return { laneIndex: values.lane, laneRunNumber: values.run };
  const choices = allowedActions(await client.getWorkflowExecution(wid))[name] as LaneRunRef[];
  if (choices.length === 0) throw new UsageError(`no run of ${wid} can be given to ${command} now`);
  if (choices.length > 1)
    throw new UsageError(
      `several runs can be given to ${command}: choose one of ${choices
        .map((each) => `--lane ${each.laneIndex} --run ${each.laneRunNumber}`)
        .join(", ")}`,
    );
  return choices[0]!;
}

/**
 * One command per action of the spec's `x-action` table: `cancel|pause|resume|continue|rm <wid>`,
 * and `retry|rerun <wid> [--lane N --run N]`, which without a selector take the one run the
 * provider would accept (from allowedActions). Each prints what the provider accepted.
 */
export function actionCommands(): Command[] {
  const listed = (repeat: boolean) =>
    actionNames
      .filter((name) => takesRun(name) === repeat)
      .map((name) => ACTIONS[name].command)
      .join(" | ");
  const first = (repeat: boolean) => actionNames.find((name) => takesRun(name) === repeat);
  return actionNames.map((name) => {
    const { command, operationId } = ACTIONS[name];
    const repeat = takesRun(name);
    const route = OPERATIONS[operationId];
    return defineProviderCommand({
      name: command,
      usage: `${command} <wid>${repeat ? " [--lane N --run N]" : ""} [connection options]`,
      ...(name === first(repeat) && {
        listing: repeat
          ? ([`${listed(true)} <wid> [--lane N --run N]`, "repeat a lane run of an ended execution"] as const)
          : ([
              `${listed(false)} <wid>`,
              "act on an execution (continue: force-continue a failed one)",
            ] as const),
      }),
      description: () =>
        wrapped(
          ACTION_HELP[name] +
            (repeat
              ? ` Without --lane and --run, the one run that ${command} can take now; if there are several or none, says which can.`
              : ""),
        ),
      options: repeat
        ? {
            lane: {
              type: "string",
              placeholder: "N",
              number: wholeFrom("laneIndex"),
              help: "the lane, counted from 1",
            },
            run: {
              type: "string",
              placeholder: "N",
              number: wholeFrom("laneRunNumber"),
              help: "the lane run's number",
            },
          }
        : {},
      positionals: { count: 1, usage: `${command} takes exactly one <wid>` },
      dryRunThen: ({ values, positionals }) =>
        repeat && (values as { lane?: number }).lane === undefined
          ? [
              `${route.method} ${fillPath(route.path, { wid: positionals[0] })} with the one lane run the answer allows`,
            ]
          : undefined,
      async run({ values, positionals }, connected) {
        const wid = positionals[0]!;
        const given = values as { lane?: number; run?: number };
        if ((given.lane === undefined) !== (given.run === undefined))
          throw new UsageError(`--lane and --run go together: ${command} <wid> --lane N --run N`);
        const client = connected();
        if (!repeat) {
          await client.call(operationId, { path: { wid } });
          process.stdout.write(`${command}: accepted for ${wid}\n`);
          return EXIT.ok;
        }
        const run = await chosenRun(client, wid, name, given);
        await client.call(operationId, { path: { wid }, body: run });
        process.stdout.write(
          `${command}: accepted for ${wid}, lane ${run.laneIndex} run ${run.laneRunNumber}\n`,
        );
        return EXIT.ok;
      },
    });
  });
}
