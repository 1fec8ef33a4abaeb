import { EXIT_CODES_HELP } from "./exit-codes.js";

export const program = "oneprovider-atm";

const connectionHelp = `Connection:
  --host HOST          the provider: provider.example.org[:port] or https://… (env ONEPROVIDER_HOST)
  --token-file FILE    read the access token from FILE (default: env ONEPROVIDER_API_KEY).
                       The token is never taken on the command line, where other users can see it.
  --bearer             send it as Authorization: Bearer (default X-Auth-Token)
  --cacert FILE        trust this CA (PEM) for the provider's certificate
  --insecure           accept any certificate (test providers only; prints a warning)
  --timeout MS         time allowed to each attempt (default 30000)`;

/** The help of each command, and of the tool (`main`). */
export const help = {
  main: `Usage: ${program} <command> [options]

Commands:
  get <wid>                           show a workflow execution (--json: the raw JSON)
  watch <wid>                         follow an execution until it ends
  getWorkflowExecutionDetails wid=ID  the oneprovider-rest-cli call: prints the raw JSON
  mock                                start a mock Oneprovider on loopback

Run '${program} <command> --help' for a command's options.

${connectionHelp}

${EXIT_CODES_HELP}`,
  get: `Usage: ${program} get <wid> [--json] [connection options]

Shows the execution: status and phase, times (local), and each lane with its latest run.
  --json    print the JSON the provider sent, for jq

${connectionHelp}

${EXIT_CODES_HELP}`,
  watch: `Usage: ${program} watch <wid> [--interval MS] [--max-interval MS] [connection options]

Follows the execution until it ends: redrawn in place on a terminal, one line per change otherwise.
The exit code tells how it ended. An ended execution can still be retried, rerun or
force-continued later: watch reports the state it saw when it stopped.
  --interval MS       first interval between polls, and again after each change (default 2000)
  --max-interval MS   the interval grows up to this while nothing changes (default 30000)

${connectionHelp}

${EXIT_CODES_HELP}`,
  getWorkflowExecutionDetails: `Usage: ${program} getWorkflowExecutionDetails wid=<id> [connection options]

The invocation of Onedata's oneprovider-rest-cli: prints the raw JSON. Unlike it, the exit code
reflects the outcome and errors go to stderr.

${connectionHelp}

${EXIT_CODES_HELP}`,
  mock: `Usage: ${program} mock [--port N] [--seed N] [--speed X]

Starts a mock Oneprovider on 127.0.0.1 with one execution per scenario (finished, retried, failed,
cancelled, crashed, paused) and prints its address and token. Stops on Ctrl-C.
  --port N     port to listen on (default: any free one)
  --seed N     the same seed gives the same ids and timelines (default 1)
  --speed X    simulated time runs X times faster (default 1)`,
} satisfies Record<string, string>;

export type HelpTopic = keyof typeof help;

export function printHelp(topic: HelpTopic): number {
  process.stdout.write(`${help[topic]}\n`);
  return 0;
}
