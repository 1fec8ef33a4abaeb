import { MOCK_RELEASES } from "../../mock/release.js";
import { EXIT } from "../exit-codes.js";
import { defineCommand } from "../command.js";

/** `mock`: a mock Oneprovider on loopback, until Ctrl-C; prints what a newcomer needs to try it. */
export const mock = defineCommand({
  name: "mock",
  usage: "mock [--port N] [--seed N] [--speed X] [--release R]",
  listing: ["mock", "start a mock Oneprovider on loopback"],
  description: `Starts a mock Oneprovider on 127.0.0.1 with one execution per scenario (finished, retried, failed,
cancelled, crashed, paused) and prints its address and token. Its clock is the wall clock. Stops on Ctrl-C.`,
  options: {
    port: {
      type: "string",
      placeholder: "N",
      number: { whole: true, min: 0, max: 65535 },
      help: "port to listen on (default: any free one)",
    },
    seed: {
      type: "string",
      placeholder: "N",
      number: { whole: true, min: 0 },
      help: "the same seed gives the same ids and timelines (default 1)",
    },
    speed: {
      type: "string",
      placeholder: "X",
      number: {},
      help: "executions move X times faster: a step lasts 1 s / X; times stay the wall clock's (default 1)",
    },
    release: {
      type: "string",
      placeholder: "R",
      values: MOCK_RELEASES,
      help: `the release line to answer as: ${MOCK_RELEASES.join(" (default) or ")} (25.x's errors)`,
    },
  },
  exitCodes: { 1: "the mock could not start (such as a port already in use)" },
  positionals: { count: 0, usage: "mock takes no arguments" },
  async run({ values }) {
    const { port = 0, seed, speed, release } = values;
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
    process.stderr.write("Mock Oneprovider stopped.\n");
    return EXIT.ok;
  },
});
