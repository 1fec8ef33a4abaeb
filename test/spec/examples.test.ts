import { describe, expect, test } from "vitest";
import { resolveRef, spec, validatorOf, type MediaObject, type ResponseObject } from "../support/spec.js";

interface ExampleCase {
  operationId: string;
  status: string;
  name: string;
  schema: MediaObject["schema"];
  value: any;
}

/** The examples of one media type: named ones, and a single `example`. */
const examplesOf = (media: MediaObject): Array<[string, unknown]> => [
  ...Object.entries(media.examples ?? {}).map(
    ([name, exampleOrRef]) => [name, resolveRef<{ value: unknown }>(exampleOrRef).value] as [string, unknown],
  ),
  ...(media.example === undefined ? [] : [["example", media.example] as [string, unknown]]),
];

/** Every example of every request body and response of every operation, with its schema. */
const examples: ExampleCase[] = Object.values(spec.paths).flatMap((pathItem) =>
  Object.values(pathItem).flatMap((operation) => [
    ...Object.values(operation.requestBody?.content ?? {}).flatMap((media) =>
      examplesOf(media).map(([name, value]) => ({
        operationId: operation.operationId,
        status: "request",
        name,
        schema: media.schema,
        value,
      })),
    ),
    ...Object.entries(operation.responses).flatMap(([status, responseOrRef]) => {
      const response = resolveRef<ResponseObject>(responseOrRef);
      return Object.values(response.content ?? {}).flatMap((media) =>
        examplesOf(media).map(([name, value]) => ({
          operationId: operation.operationId,
          status,
          name,
          schema: media.schema,
          value,
        })),
      );
    }),
  ]),
);
const operation = spec.paths["/automation/execution/workflows/{wid}"]!.get!;

describe("examples in openapi.yaml, checked by an independent JSON Schema 2020-12 validator", () => {
  test.each(
    examples.map((example) => [`${example.operationId} ${example.status} ${example.name}`, example] as const),
  )("%s validates against its schema", (_label, example) => {
    const validate = validatorOf(example.schema);
    const ok = validate(example.value);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test("every declared response status with a body has at least one example", () => {
    const statuses = Object.keys(operation.responses).sort();
    expect(statuses).toEqual(["200", "400", "401", "403", "404", "405", "406", "500", "503"]);
    for (const status of statuses.filter((each) => !["405", "406"].includes(each)))
      expect(examples.some((example) => example.status === status)).toBe(true);
  });

  test("every status with a body, of every operation, has an example; 204, 405, 406 and 415 have no body", () => {
    for (const operation of Object.values(spec.paths).flatMap((pathItem) => Object.values(pathItem))) {
      for (const [status, responseOrRef] of Object.entries(operation.responses)) {
        const response = resolveRef<ResponseObject>(responseOrRef);
        if (["204", "405", "406", "415"].includes(status)) {
          expect(response.content, `${operation.operationId} ${status}`).toBeUndefined();
          continue;
        }
        expect(
          examples.some(
            (example) => example.operationId === operation.operationId && example.status === status,
          ),
          `${operation.operationId} ${status}`,
        ).toBe(true);
      }
    }
  });

  const executions = examples
    .filter((example) => example.operationId === "getWorkflowExecutionDetails" && example.status === "200")
    .map((example) => example.value);
  const runsOf = (execution: any): any[] => execution.lanes.flatMap((lane: any) => lane.runs);

  test("the 200 examples cover the situations users meet", () => {
    expect(executions.some((e) => e.status === "scheduled" && e.startTime === 0)).toBe(true);
    // an active execution whose lane lists a run prepared in advance first, before a numbered run
    expect(
      executions.some(
        (e) =>
          e.status === "active" &&
          e.lanes.some((lane: any) => lane.runs[0]?.runNumber === null && lane.runs.length > 1),
      ),
    ).toBe(true);
    expect(
      executions.some((e) => e.status === "finished" && runsOf(e).some((run) => run.runType === "retry")),
    ).toBe(true);
    expect(executions.some((e) => e.status === "failed" && runsOf(e).some((run) => run.isRetriable))).toBe(
      true,
    );
    expect(executions.some((e) => e.systemAuditLogStoreId === null)).toBe(true);
  });

  test("no example repeats a bug of the public page", () => {
    for (const execution of executions) {
      expect(execution.status).not.toBe("enqueued");
      for (const run of runsOf(execution)) {
        expect(run.status).not.toBe("pending");
        expect(Array.isArray(run.parallelBoxes)).toBe(true);
      }
    }
  });

  const errors = examples
    .filter((example) => Number(example.status) >= 400)
    .map((example) => example.value.error);

  test("error examples show a nested authError, and errors with and without ctx", () => {
    const unauthorized = examples.filter((example) => example.status === "401").map((e) => e.value.error);
    expect(unauthorized.some((error) => typeof error.details?.authError?.id === "string")).toBe(true);
    expect(errors.some((error) => error.ctx && typeof error.ctx === "object")).toBe(true);
    expect(errors.some((error) => !("ctx" in error))).toBe(true);
  });
});
