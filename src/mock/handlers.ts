import type { OperationId } from "../api/operation-table.js";
import { workflowPhase } from "../execution/phases.js";
import type { AtmWorkflowExecution } from "../execution/types.js";
import { forceContinue, repeat, resume, stop, type ActionContext, type ActionResult } from "./actions.js";
import { dumpChunks } from "./audit-log.js";
import { Play, type Program } from "./engine.js";
import { errors, mockError } from "./errors.js";
import { MOCK_PROVIDER_ID, type MockRelease } from "./release.js";
import type { Answer } from "./http.js";
import { listPage, type ListQuery } from "./listing.js";
import type { LiveExecutions } from "./live.js";
import type { RoutedRequest } from "./router.js";
import { newExecution } from "./timeline.js";

/** What the handlers share: the executions, the space, who may see them, what can be scheduled. */
export interface MockState {
  lives: LiveExecutions;
  spaceId: string;
  restrictedToken: string;
  schemas: Array<{ atmWorkflowSchemaId: string; revisionNumber: number; name: string; program: Program }>;
  stepMs: number;
  nextId: () => string;
  apiPath: string;
  /** The release line the mock answers as; its configuration names it. */
  release: MockRelease;
}

type Handler = (request: RoutedRequest) => Answer;

const json = (status: number, body?: unknown): Answer => ({ status, body });

/**
 * One handler per operation of the table, after the router's common checks: each does what the
 * server does for it (404 before 403, the action × status matrix, …). Typed by the table's ids, so an
 * operation added to the spec does not compile until the mock serves it.
 */
export function mockHandlers(state: MockState): Record<OperationId, Handler> {
  const { lives, spaceId, restrictedToken } = state;

  /** The execution a request names, or the server's 404 (unknown) or 403 (not the caller's to see). */
  const visible = (wid: string | undefined, token: string | undefined): AtmWorkflowExecution | Answer => {
    const execution = wid === undefined ? undefined : lives.state(wid);
    if (!execution) return json(404, { error: errors.notFound });
    if (token === restrictedToken) return json(403, { error: errors.forbidden });
    return execution;
  };
  const isAnswer = (value: AtmWorkflowExecution | Answer): value is Answer =>
    "status" in value && !("lanes" in value);

  /** An action played on the execution's state machine (§4 to §7). */
  const act =
    (play: (context: ActionContext, fields: RoutedRequest["fields"]) => ActionResult): Handler =>
    ({ pathParameters: { wid }, token, fields }) => {
      const execution = visible(wid, token);
      if (isAnswer(execution)) return execution;
      const live = lives.byId.get(wid!)!;
      const context: ActionContext = {
        execution,
        program: live.program,
        nowMs: lives.now(),
        stepMs: state.stepMs,
        nextId: state.nextId,
      };
      const result = play(context, fields);
      if ("error" in result) return json(result.status, { error: result.error });
      if (result.play.frames.length > 0) lives.replaceFrom(wid!, context.nowMs, result.play.frames);
      return json(204);
    };

  /** The execution a store belongs to: its system log, a store of its registry, or a lane run's iterated or exception store. */
  const storeOwner = (storeId: string) =>
    lives.ids().find((wid) => {
      const execution = lives.state(wid)!;
      return (
        execution.systemAuditLogStoreId === storeId ||
        Object.values(execution.storeRegistry).includes(storeId) ||
        execution.lanes.some((lane) =>
          lane.runs.some((run) => run.iteratedStoreId === storeId || run.exceptionStoreId === storeId),
        )
      );
    });

  return {
    // The mock's version is the release it answers as: the spec's own (21.02.8), or 25.1.
    getConfiguration: ({ host }) =>
      json(200, {
        providerId: MOCK_PROVIDER_ID,
        name: "mock-oneprovider",
        domain: host?.replace(/:\d+$/, "") ?? "127.0.0.1",
        onezoneDomain: "zone.onedata.test",
        version: state.release,
        build: "mock",
        compatibleOnezoneVersions: [state.release],
        compatibleOneproviderVersions: [state.release],
        compatibleOneclientVersions: [state.release],
      }),
    getWorkflowExecutionDetails: ({ pathParameters: { wid }, token }) => {
      const execution = visible(wid, token);
      return isAnswer(execution) ? execution : json(200, execution);
    },
    deleteWorkflowExecution: ({ pathParameters: { wid }, token }) => {
      const execution = visible(wid, token);
      if (isAnswer(execution)) return execution;
      if (!["suspended", "ended"].includes(workflowPhase(execution.status)))
        return json(400, {
          error: mockError("atmWorkflowExecutionNotStopped", "Workflow execution has not stopped yet."),
        });
      lives.discard(wid!);
      return json(204);
    },
    cancelWorkflowExecution: act((context) => stop(context, "cancel")),
    pauseWorkflowExecution: act((context) => stop(context, "pause")),
    resumeWorkflowExecution: act((context) => resume(context)),
    forceContinueWorkflowExecution: act((context) => forceContinue(context)),
    retryWorkflowExecution: act((context, fields) =>
      repeat(context, "retry", fields.laneIndex as number, fields.laneRunNumber as number),
    ),
    rerunWorkflowExecution: act((context, fields) =>
      repeat(context, "rerun", fields.laneIndex as number, fields.laneRunNumber as number),
    ),
    listWorkflowExecutions: ({ pathParameters: { sid }, token, fields }) => {
      if (token === restrictedToken || sid !== spaceId) return json(403, { error: errors.forbidden });
      const page = listPage(
        lives.ids().map((wid) => lives.state(wid)!),
        fields as unknown as ListQuery,
      );
      return page ? json(200, page) : json(500, { error: errors.internalServerError });
    },
    // Schedules an execution of a sanitized request (§2). Only the space privilege is checked; an
    // unknown space fails it too.
    scheduleWorkflowExecution: ({ token, fields, host }) => {
      if (token === restrictedToken || fields.spaceId !== spaceId)
        return json(403, { error: errors.forbidden });
      const schema = state.schemas.find((each) => each.atmWorkflowSchemaId === fields.atmWorkflowSchemaId);
      if (!schema || schema.revisionNumber !== fields.atmWorkflowSchemaRevisionNumber)
        return json(404, { error: errors.notFound });
      const nowMs = lives.now();
      const scheduleTime = Math.floor(nowMs / 1000);
      const execution = newExecution(schema.name, schema.program, state.nextId, scheduleTime, spaceId);
      const play = new Play(execution, nowMs, state.stepMs, state.nextId, schema.program);
      play.record();
      const wid = lives.add(nowMs, play.runLanes(0), schema.program, fields.callback as string | undefined);
      // The server's Location misses a slash after "oneprovider": clients must use the body.
      return {
        status: 201,
        body: { atmWorkflowExecutionId: wid },
        headers: { location: `http://${host}${state.apiPath}automation/execution/workflows/${wid}` },
      };
    },
    dumpAtmStore: ({ pathParameters: { sid }, token }) => {
      const wid = storeOwner(sid!);
      const execution = visible(wid, token);
      if (isAnswer(execution)) return execution;
      // Only audit-log stores can be dumped (§11): any other store is notSupported.
      if (sid !== execution.systemAuditLogStoreId) return json(400, { error: errors.notSupported });
      return {
        status: 200,
        chunks: dumpChunks(lives.auditLog(wid!)),
        fileName: dumpFileName(wid!, lives.now()),
      };
    },
  };
}

/** The name the server gives a workflow's system log dump, with the time in UTC. */
function dumpFileName(wid: string, nowMs: number): string {
  const time = new Date(nowMs).toISOString().slice(0, 19).replace("T", "_").replaceAll(":", "-");
  return `${wid.slice(0, 12)}.audit_log.WORKFLOW-SYSTEM-AUDIT-LOG.${time}.json`;
}
