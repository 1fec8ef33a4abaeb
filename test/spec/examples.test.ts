import { describe, expect, test } from "vitest";
import { resolveRef, schemaValidator, spec, type ResponseObject } from "../support/spec.js";

interface ExampleCase {
  status: string;
  name: string;
  schemaName: string;
  value: any;
}

/** Every example of every response of every operation, with the schema it must satisfy. */
const examples: ExampleCase[] = Object.values(spec.paths).flatMap((pathItem) =>
  Object.values(pathItem).flatMap((operation) =>
    Object.entries(operation.responses).flatMap(([status, responseOrRef]) => {
      const response = resolveRef<ResponseObject>(responseOrRef);
      return Object.values(response.content).flatMap((media) =>
        Object.entries(media.examples ?? {}).map(([name, exampleOrRef]) => ({
          status,
          name,
          schemaName: media.schema.$ref.split("/").pop()!,
          value: resolveRef<{ value: unknown }>(exampleOrRef).value,
        })),
      );
    }),
  ),
);
const operation = spec.paths["/automation/execution/workflows/{wid}"]!.get!;

describe("examples in openapi.yaml, checked by an independent JSON Schema 2020-12 validator", () => {
  test.each(examples.map((example) => [`${example.status} ${example.name}`, example] as const))(
    "%s validates against its schema",
    (_label, example) => {
      const validate = schemaValidator(example.schemaName);
      const ok = validate(example.value);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  test("every declared response status has at least one example", () => {
    const statuses = Object.keys(operation.responses).sort();
    expect(statuses).toEqual(["200", "400", "401", "403", "404", "500", "503"]);
    for (const status of statuses) expect(examples.some((example) => example.status === status)).toBe(true);
  });

  const executions = examples.filter((example) => example.status === "200").map((example) => example.value);
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

  const errors = examples.filter((example) => example.status !== "200").map((example) => example.value.error);

  test("error examples show a nested authError, and errors with and without ctx", () => {
    const unauthorized = examples.filter((example) => example.status === "401").map((e) => e.value.error);
    expect(unauthorized.some((error) => typeof error.details?.authError?.id === "string")).toBe(true);
    expect(errors.some((error) => error.ctx && typeof error.ctx === "object")).toBe(true);
    expect(errors.some((error) => !("ctx" in error))).toBe(true);
  });
});
