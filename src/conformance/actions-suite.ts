import { ACTIONS } from "../../generated/operations.js";
import { allowedActions } from "../execution/allowed-actions.js";
import { workflowPhase } from "../execution/phases.js";
import type { AtmWorkflowExecution } from "../execution/types.js";
import type { CheckRunner } from "./check-runner.js";
import type { ActionOptions, ConformanceOptions, SuiteEnvironment } from "./run-options.js";

const isExecution = (json: unknown): json is AtmWorkflowExecution =>
  typeof json === "object" && json !== null && Array.isArray((json as AtmWorkflowExecution).lanes);

const phaseOf = (execution: AtmWorkflowExecution) => workflowPhase(execution.status);

/**
 * The acting part of the run (--allow-actions): it schedules one execution and takes it through
 * pause, resume, cancel, rerun, retry and force-continue where the state allows, then deletes it,
 * holding each answer to the action × status matrix. It acts on the executions it created and on no
 * other: every action's id goes through `own`.
 */
export async function runActions(
  runner: CheckRunner,
  options: ConformanceOptions & { actions: ActionOptions },
  environment: SuiteEnvironment,
): Promise<void> {
  const { actions } = options;
  const created = new Set<string>();
  const own = (wid: string) => {
    if (!created.has(wid)) throw new Error(`conformance acts only on executions it created, not on ${wid}`);
    return wid;
  };
  const json = { "content-type": "application/json" };

  const scheduled = await runner.run(
    "act.schedule",
    "scheduleWorkflowExecution",
    {
      headers: json,
      body: JSON.stringify({
        spaceId: options.spaceId,
        atmWorkflowSchemaId: actions.schemaId,
        atmWorkflowSchemaRevisionNumber: actions.revision,
      }),
    },
    {
      // A refusal the spec describes (no OpenFaaS, an unknown schema or revision) is as the spec says;
      // the actions are then not run, and the report says why.
      statuses: [201, 400, 403, 404, 503],
      describe:
        "201 with the new execution's id, and a Location naming it (malformed: no slash after oneprovider); or a refusal the spec describes",
      also: (body, response) => {
        const id = (body as { atmWorkflowExecutionId?: unknown } | undefined)?.atmWorkflowExecutionId;
        if (response.status !== 201 || typeof id !== "string") return [];
        const location = response.headers.location;
        return location === undefined || location.endsWith(`/execution/workflows/${id}`)
          ? []
          : [["", `location ${JSON.stringify(location)} does not name the new execution`]];
      },
    },
  );
  const wid = (scheduled.json as { atmWorkflowExecutionId?: unknown } | undefined)?.atmWorkflowExecutionId;
  if (scheduled.response?.status !== 201 || typeof wid !== "string") {
    const errorId = (scheduled.json as { error?: { id?: unknown } } | undefined)?.error?.id;
    runner.note(
      `No action was run: the schedule was answered ${scheduled.response?.status ?? "nothing"}${typeof errorId === "string" ? ` ${errorId}` : ""}${errorId === "atmOpenfaasNotConfigured" ? " (a provider without OpenFaaS, such as the demo mode, runs no lambda)" : ""}.`,
    );
    return;
  }
  created.add(wid);

  /**
   * Reads the own execution until `until` holds or the wait's time is up: one check for the whole
   * wait, ok when every answer is as the spec says and, if `mustReach`, the state was reached.
   * Resolves with the last execution read (undefined without one), and whether `until` held.
   */
  const watch = async (
    id: string,
    until: (execution: AtmWorkflowExecution) => boolean,
    describe: string,
    mustReach = true,
  ): Promise<{ last: AtmWorkflowExecution | undefined; reached: boolean }> => {
    const deadline = environment.now() + actions.timeoutMs;
    let last: AtmWorkflowExecution | undefined;
    let reads = 0;
    let clean = true;
    let failure: string | undefined;
    for (;;) {
      reads++;
      const answer = await runner.send(id, "getWorkflowExecutionDetails", {
        pathParameters: { wid: own(wid) },
      });
      if ("error" in answer) {
        failure = `no answer: ${answer.error}`;
        break;
      }
      const held = runner.hold(id, "getWorkflowExecutionDetails", answer.response, {
        statuses: [200],
        describe,
      });
      clean &&= held.drift.length === 0;
      if (isExecution(held.json)) last = held.json;
      if ((last && until(last)) || answer.response.status !== 200 || environment.now() >= deadline) break;
      await environment.sleep(actions.intervalMs);
    }
    const reached = last !== undefined && until(last);
    runner.record({
      id,
      operationId: "getWorkflowExecutionDetails",
      ok: failure === undefined && clean && (reached || !mustReach),
      expected: describe,
      observed:
        failure ??
        `${last ? `status ${last.status}` : "no execution"} after ${reads} read${reads === 1 ? "" : "s"}${reached || !mustReach ? "" : `, not reached within ${actions.timeoutMs} ms`}`,
    });
    return { last: failure === undefined ? last : undefined, reached };
  };
  /** The same, for a wait that must reach its state: the execution, or undefined to stop the run. */
  const waitFor = async (id: string, until: (execution: AtmWorkflowExecution) => boolean, describe: string) =>
    (await watch(id, until, describe)).last;

  /** One action on the own execution, answered 204 (the matrix allows it) or the refusal it predicts. */
  const act = (
    id: string,
    action: keyof typeof ACTIONS,
    body?: object,
    refusal?: { errorId: string; why: string },
  ) =>
    runner.run(
      id,
      ACTIONS[action].operationId,
      { pathParameters: { wid: own(wid) }, ...(body && { headers: json, body: JSON.stringify(body) }) },
      refusal
        ? { statuses: [400], errorId: refusal.errorId, describe: `400 ${refusal.errorId}: ${refusal.why}` }
        : { statuses: [204], describe: "204 with no body: the action × status matrix allows it" },
    );

  let execution = await waitFor("act.details", () => true, "200 with the execution just scheduled");
  if (!execution) return;

  if (allowedActions(execution).pause) {
    await act("act.pause", "pause");
    execution = await waitFor(
      "act.watch-paused",
      (current) => ["suspended", "ended"].includes(phaseOf(current)),
      "paused (or ended, had it ended first) within the wait",
    );
  } else runner.note(`pause was not run: the execution was ${execution.status} when read.`);
  if (!execution) return;

  if (allowedActions(execution).resume) {
    await act("act.resume", "resume");
    execution = await waitFor(
      "act.watch-resumed",
      (current) => phaseOf(current) !== "suspended",
      "resuming, then running (no longer suspended)",
    );
    if (!execution) return;
  }

  /**
   * Waits for the execution to end. `cancel`: cancels it first; otherwise it runs to its end, and is
   * cancelled only if it has not ended within the wait (a run that ends by itself may be failed, which
   * opens force-continue and retry).
   */
  const endIt = async (suffix: string, cancel: boolean) => {
    if (!execution || phaseOf(execution) === "ended") return;
    if (!cancel) {
      const run = await watch(
        `act.run-to-end${suffix}`,
        (current) => phaseOf(current) === "ended",
        "200 with the execution at each read while it runs (cancelled if it has not ended within the wait)",
        false,
      );
      execution = run.last;
      if (!execution || run.reached) return;
    }
    if (execution && allowedActions(execution).cancel) await act(`act.cancel${suffix}`, "cancel");
    execution = await waitFor(
      `act.watch-ended${suffix}`,
      (current) => phaseOf(current) === "ended",
      "ended within the wait",
    );
  };
  await endIt("", false);
  if (!execution) return;

  // The matrix's refusals, on an ended execution that only this run knows.
  if (phaseOf(execution) === "ended") {
    await act("act.pause-ended", "pause", undefined, {
      errorId: "atmWorkflowExecutionEnded",
      why: "an ended execution cannot be paused",
    });
    await act("act.resume-ended", "resume", undefined, {
      errorId: "atmWorkflowExecutionNotResumable",
      why: "only a paused or interrupted execution resumes",
    });
  }

  if (allowedActions(execution).forceContinue) {
    await act("act.force-continue", "forceContinue");
    execution = await waitFor(
      "act.watch-force-continued",
      (current) => current.status !== "failed",
      "resuming from the next lane (no longer failed)",
    );
    await endIt("-after-force-continue", false);
    if (!execution) return;
  } else
    runner.note(
      `force-continue was not run: the execution ended ${execution.status}, not failed before its last lane.`,
    );

  for (const repeat of ["retry", "rerun"] as const) {
    const run = allowedActions(execution)[repeat][0];
    if (!run) {
      runner.note(
        `${repeat} was not run: no lane run of the execution is ${repeat === "rerun" ? "rerunable" : "retriable"}.`,
      );
      continue;
    }
    await act(`act.${repeat}`, repeat, run);
    execution = await waitFor(
      `act.watch-${repeat}`,
      (current) =>
        current.lanes[run.laneIndex - 1]?.runs.some((each) => each.originRunNumber === run.laneRunNumber) ===
        true,
      `a new run of lane ${run.laneIndex} whose origin is run ${run.laneRunNumber}`,
    );
    // The rerun is cancelled: so cancel is held to the spec on every run.
    await endIt(`-after-${repeat}`, repeat === "rerun");
    if (!execution) return;
  }

  if (!allowedActions(execution).delete) {
    runner.note(
      `The execution ${wid} was left as it is (${execution.status}): it cannot be deleted in that state.`,
    );
    return;
  }
  await act("act.delete", "delete");
  await runner.run(
    "act.deleted",
    "getWorkflowExecutionDetails",
    { pathParameters: { wid: own(wid) } },
    { statuses: [404], errorId: "notFound", describe: "404 notFound: a deleted execution is gone at once" },
  );
}
