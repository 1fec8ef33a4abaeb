import {
  PATH_PARAMETERS,
  QUERY_RULES,
  REQUIRED_BODY_FIELDS,
  type OperationId,
} from "../../generated/operations.js";

/** How an operation is called in oneprovider-rest-cli's samples: its parameters, as `name=value`. */
export function restCliUsage(operationId: OperationId): string {
  const parameters = [
    ...PATH_PARAMETERS[operationId].map((name) => `${name}=<${name}>`),
    ...Object.keys(QUERY_RULES[operationId] ?? {}).map((name) => `[${name}=<${name}>]`),
    ...(REQUIRED_BODY_FIELDS[operationId] ? ["field==value … | -"] : []),
  ];
  return `${operationId} ${parameters.join(" ")}`.trim();
}
