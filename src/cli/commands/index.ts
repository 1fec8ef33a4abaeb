import { operationIds } from "../../api/operation-table.js";
import type { Command } from "../command.js";
import { actionCommands } from "./act.js";
import { completion } from "./completion.js";
import { conformance } from "./conformance.js";
import { logs, ls, schedule } from "./lifecycle.js";
import { mock } from "./mock.js";
import { get, watch } from "./read.js";
import { report } from "./report.js";
import { restCliCommand } from "./rest-cli.js";

/** Every command, each from its one record, in the order the help lists them. */
export const commands: Command[] = [
  get,
  watch,
  ls,
  schedule,
  ...actionCommands(),
  logs,
  report,
  conformance,
  // Onedata's oneprovider-rest-cli forms, one per operation of the spec.
  ...operationIds.map((operationId, index) => restCliCommand(operationId, index === 0)),
  mock,
  completion(() => commands),
];
