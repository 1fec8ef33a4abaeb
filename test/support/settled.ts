import { createOneproviderClient, workflowPhase } from "../../src/index.js";
import type { MockOneprovider } from "../../src/mock/index.js";

/**
 * Resolves once every execution of the mock has reached where its scenario stops (ended, or
 * suspended): a test waits on that state, not on a number of milliseconds that a loaded machine may
 * not keep.
 */
export async function scenariosSettled(mock: MockOneprovider): Promise<void> {
  const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
  await Promise.all(
    mock.executionIds.map((wid) =>
      client.waitForWorkflowExecution(wid, {
        intervalMs: 10,
        maxIntervalMs: 50,
        until: (execution) => ["ended", "suspended"].includes(workflowPhase(execution.status)),
      }),
    ),
  );
}
