import type { Document } from "yaml";

// Changes planted in a copy of openapi.yaml, the kinds the release guard must rate.

const execution = ["components", "schemas", "AtmWorkflowExecutionDetails"];

/** A new query parameter `order` of listWorkflowExecutions. */
export const addListParameter =
  ({ required }: { required: boolean }) =>
  (document: Document) => {
    const parameters = document.getIn([
      "paths",
      "/spaces/{sid}/automation/execution/workflows",
      "get",
      "parameters",
    ]) as {
      add(value: unknown): void;
    };
    parameters.add(
      document.createNode({
        name: "order",
        in: "query",
        required,
        description: "Sort order.",
        schema: { type: "string" },
      }),
    );
  };

/** The execution's `suspendTime`, a required response property, removed. */
export function removeSuspendTime(document: Document) {
  document.deleteIn([...execution, "properties", "suspendTime"]);
  const required = document.getIn([...execution, "required"]) as { items: Array<{ value: unknown }> };
  required.items = required.items.filter((item) => item.value !== "suspendTime");
}

/** The execution schema's description, reworded. */
export function rewordExecution(document: Document) {
  document.setIn([...execution, "description"], "A workflow execution, as the server sends it today.");
}
