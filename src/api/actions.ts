import type { OperationId } from "../../generated/operations.js";
import type { AllowedActions } from "../execution/allowed-actions.js";

/**
 * The one table of an action's names: the library's (the keys of `allowedActions`), the operation
 * that does it (whose path holds the URL's own name, such as `force_continue`), and the command-line
 * tool's command (`continue`, `rm`).
 */
export const ACTIONS = {
  cancel: { operationId: "cancelWorkflowExecution", command: "cancel" },
  pause: { operationId: "pauseWorkflowExecution", command: "pause" },
  resume: { operationId: "resumeWorkflowExecution", command: "resume" },
  forceContinue: { operationId: "forceContinueWorkflowExecution", command: "continue" },
  delete: { operationId: "deleteWorkflowExecution", command: "rm" },
  retry: { operationId: "retryWorkflowExecution", command: "retry" },
  rerun: { operationId: "rerunWorkflowExecution", command: "rerun" },
} as const satisfies { [Name in keyof AllowedActions]: { operationId: OperationId; command: string } };

export type ActionName = keyof typeof ACTIONS;
/** The actions that take only the execution's id. */
export type SimpleAction = Exclude<ActionName, "retry" | "rerun">;
