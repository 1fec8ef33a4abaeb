import { terminalJson } from "../terminal-text.js";
import { readFileSync } from "node:fs";
import { operationIds, type OperationId } from "../../api/operation-table.js";
import { PATH_PARAMETERS, QUERY_RULES, REQUIRED_BODY_FIELDS } from "../../../generated/operations.js";
import { clientCores } from "../../client/create-client.js";
import { parseJsonBody, sendTableOperation } from "../../client/operation.js";
import { UsageError } from "../command.js";
import { defineProviderCommand } from "../connection.js";
import { EXIT } from "../exit-codes.js";

/** How an operation is called in oneprovider-rest-cli's samples: its parameters, as `name=value`. */
function restCliUsage(operationId: OperationId): string {
  const parameters = [
    ...PATH_PARAMETERS[operationId].map((name) => `${name}=<${name}>`),
    ...Object.keys(QUERY_RULES[operationId] ?? {}).map((name) => `[${name}=<${name}>]`),
    ...(REQUIRED_BODY_FIELDS[operationId] ? ["field==value … | -"] : []),
  ];
  return `${operationId} ${parameters.join(" ")}`.trim();
}

/** A `name==value` body field: JSON when it reads as JSON (numbers, true, arrays…), else the text. */
function fieldValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * An operation in oneprovider-rest-cli's forms: `name=value` for path and query parameters,
 * `name==value` for body fields, and a JSON body on standard input with a trailing `-`. Prints the
 * answer's JSON; an error answer is one line on stderr and exit code 1, as for every command.
 */
export function restCliCommand(operationId: OperationId, first = false) {
  return defineProviderCommand({
    name: operationId,
    usage: `${operationId} name=value … [field==value … | -] [connection options]`,
    ...(first && {
      listing: [
        "<operationId> name=value …",
        "any operation in oneprovider-rest-cli's forms, raw JSON out\n(getWorkflowExecutionDetails wid=ID, listWorkflowExecutions\nsid=S phase=ended, retryWorkflowExecution wid=ID laneIndex==2 …)",
      ] as const,
    }),
    description:
      () => `Onedata's oneprovider-rest-cli forms, one per operation of the API: name=value for path and query
parameters, name==value for body fields (JSON when it reads as JSON), and a JSON body on standard
input with a trailing -. Prints the answer's JSON. Unlike oneprovider-rest-cli, the exit code
reflects the outcome and errors go to stderr.

Operations:
${operationIds.map((id) => `  ${restCliUsage(id)}`).join("\n")}`,
    options: {},
    positionals: { count: undefined, usage: "" },
    async run(parsed, connected) {
      const takesBody = REQUIRED_BODY_FIELDS[operationId] !== undefined;
      const pathNames = PATH_PARAMETERS[operationId];
      const queryRules = QUERY_RULES[operationId] ?? {};
      const usage = `usage: ${restCliUsage(operationId)}`;
      const path: Record<string, string> = {};
      const query: Record<string, string> = {};
      let body: Record<string, unknown> | undefined;
      for (const [index, argument] of parsed.positionals.entries()) {
        if (argument === "-" && index === parsed.positionals.length - 1 && takesBody) {
          let stdin: unknown;
          try {
            stdin = JSON.parse(readFileSync(0, "utf8"));
          } catch {
            throw new UsageError("the body on standard input is not JSON");
          }
          if (typeof stdin !== "object" || stdin === null || Array.isArray(stdin))
            throw new UsageError("the body on standard input must be a JSON object");
          body = { ...(stdin as Record<string, unknown>), ...body };
          continue;
        }
        const field = /^([A-Za-z_][\w-]*)==(.*)$/s.exec(argument);
        if (field && takesBody) {
          body = { ...body, [field[1]!]: fieldValue(field[2]!) };
          continue;
        }
        const parameter = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(argument);
        const name = parameter?.[1];
        if (name && pathNames.includes(name)) path[name] = parameter[2]!;
        else if (name && Object.hasOwn(queryRules, name)) query[name] = parameter[2]!;
        else throw new UsageError(`${operationId} does not take "${argument}"; ${usage}`);
      }
      const missing = pathNames.filter((name) => path[name] === undefined);
      if (missing.length > 0)
        throw new UsageError(`${operationId} needs ${missing.map((name) => `${name}=`).join(" ")}; ${usage}`);
      if (takesBody && body === undefined) throw new UsageError(`${operationId} needs a body; ${usage}`);
      const response = await sendTableOperation(
        clientCores.get(connected())!,
        operationId,
        { path, query, body },
        {},
      );
      if (response.chunks) {
        for await (const chunk of response.chunks) process.stdout.write(chunk);
        process.stdout.write("\n");
      } else if (response.body !== "") {
        process.stdout.write(`${terminalJson(JSON.stringify(parseJsonBody(response)))}\n`);
      }
      return EXIT.ok;
    },
  });
}
