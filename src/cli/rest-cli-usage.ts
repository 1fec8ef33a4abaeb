import { OPERATIONS, type OperationId } from "../../generated/operations.js";

/** How an operation is called in oneprovider-rest-cli's samples: its parameters, as `name=value`. */
export function restCliUsage(operationId: OperationId): string {
  const operation = OPERATIONS[operationId];
  const parameters = [
    ...operation.pathParameters.map((name) => `${name}=<${name}>`),
    ...operation.queryParameters.map((name) => `[${name}=<${name}>]`),
    ...(operation.jsonBody ? ["field==value … | -"] : []),
  ];
  return `${operationId} ${parameters.join(" ")}`.trim();
}
