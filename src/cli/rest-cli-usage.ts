import { operationInputs, type OperationId } from "../api/operation-table.js";

/** How an operation is called in oneprovider-rest-cli's samples: its parameters, as `name=value`. */
export function restCliUsage(operationId: OperationId): string {
  const inputs = operationInputs(operationId);
  const parameters = [
    ...inputs.path.map((name) => `${name}=<${name}>`),
    ...inputs.query.map((name) => `[${name}=<${name}>]`),
    ...(inputs.jsonBody ? ["field==value … | -"] : []),
  ];
  return `${operationId} ${parameters.join(" ")}`.trim();
}
