import type { Schema } from "../../generated/operations.js";
import { OneproviderInvalidResponseError, OneproviderUsageError } from "../errors/error-classes.js";
import { clientCores, type OneproviderClient } from "./create-client.js";
import { callOperation, type CallOptions } from "./operation.js";
import { checkPositiveMs } from "./options.js";

/** A provider's public configuration: its id, domain, Onezone, `version` and `build` (each may be absent). */
export interface ProviderConfiguration extends Schema<"ProviderConfiguration"> {}

/**
 * The provider's public configuration (`GET /configuration`), such as the release it runs
 * (`version`, `build`). Public: any token works, none is needed by the server. A body that is not a
 * JSON object is an `OneproviderInvalidResponseError`.
 */
export async function getProviderConfiguration(
  client: OneproviderClient,
  options: CallOptions = {},
): Promise<ProviderConfiguration> {
  const core = clientCores.get(client);
  if (!core)
    throw new OneproviderUsageError(
      "getProviderConfiguration needs a client made by createOneproviderClient",
    );
  const configuration: unknown = await callOperation(
    core,
    "getConfiguration",
    {},
    { signal: options.signal, timeoutMs: checkPositiveMs(options.timeoutMs, "timeoutMs") },
  );
  if (typeof configuration !== "object" || configuration === null || Array.isArray(configuration))
    throw new OneproviderInvalidResponseError("getConfiguration: the answer is not a JSON object", {
      operationId: "getConfiguration",
      status: 200,
    });
  return configuration;
}
