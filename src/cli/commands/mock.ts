import { MOCK_RELEASES, type MockRelease } from "../../mock/release.js";
import { positiveNumber } from "../connection.js";
import { EXIT } from "../exit-codes.js";
import { defineCommand, UsageError } from "../command.js";

/** `mock`: a mock Oneprovider on loopback, until Ctrl-C; prints what a newcomer needs to try it. */
export const mock = defineCommand({
  name: "mock",
  usage: "mock [--port N] [--seed N] [--speed X] [--release R]",
  listing: ["mock", "start a mock Oneprovider on loopback"],
  description: `Starts a mock Oneprovider on 127.0.0.1 with one execution per scenario (finished, retried, failed,
cancelled, crashed, paused) and prints its address and token. Its clock is the wall clock. Stops on Ctrl-C.`,
  options: {
    port: { type: "string", placeholder: "N", help: "port to listen on (default: any free one)" },
    seed: {
      type: "string",
      placeholder: "N",
      help: "the same seed gives the same ids and timelines (default 1)",
    },
    speed: {
      type: "string",
      placeholder: "X",
      help: "executions move X times faster: a step lasts 1 s / X; times stay the wall clock's (default 1)",
    },
    release: {
      type: "string",
      placeholder: "R",
      help: `the release line to answer as: ${MOCK_RELEASES.join(" (default) or ")} (25.x's errors)`,
    },
  },
  exitCodes: false,
  positionals: { count: 0, usage: "mock takes no arguments" },
  async run({ values }) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port takes a port number, not "${values.port}"`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed))
      throw new UsageError(`--seed takes an integer, not "${values.seed}"`);
    const speed = positiveNumber(values.speed, "speed");
    const release = values.release as MockRelease | undefined;
    if (release !== undefined && !MOCK_RELEASES.includes(release))
      throw new UsageError(`--release takes ${MOCK_RELEASES.join(" or ")}, not "${values.release}"`);
    const { startMockOneprovider } = await import("../../mock/index.js");
    const server = await startMockOneprovider({
      port,
      ...(seed !== undefined && { seed }),
      ...(speed !== undefined && { speed }),
      ...(release !== undefined && { release }),
    });
    const origin = new URL(server.baseUrl).origin;
    process.stdout.write(
      [
        `Mock Oneprovider ${server.release} on ${server.baseUrl}`,
        `  export ONEPROVIDER_HOST=${origin}`,
        `  export ONEPROVIDER_API_KEY=${server.token}`,
        `Space: ${server.spaceId}   (oneprovider-atm ls ${server.spaceId} --phase all --long)`,
        "Schemas you can schedule (oneprovider-atm schedule --space SPACE --schema ID --revision 1 --watch):",
        ...server.schemas.map(
          (schema) => `  ${schema.atmWorkflowSchemaId}  revision ${schema.revisionNumber}  ${schema.name}`,
        ),
        "Executions:",
        ...Object.entries(server.executions).map(([scenario, wid]) => `  ${scenario.padEnd(10)} ${wid}`),
        "Stop with Ctrl-C.",
        "",
      ].join("\n"),
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
    return EXIT.ok;
  },
});
