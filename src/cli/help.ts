import { OPERATIONS, type OperationId } from "../api/operation-table.js";
import { restCliUsage } from "./rest-cli-usage.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";

export const program = "oneprovider-atm";

const connectionHelp = `Connection:
  --host HOST          the provider: provider.example.org[:port] or https://… (env ONEPROVIDER_HOST)
  --token-file FILE    read the access token from FILE (default: env ONEPROVIDER_API_KEY).
                       The token is never taken on the command line, where other users can see it.
  --bearer             send it as Authorization: Bearer (default X-Auth-Token)
  --cacert FILE        trust this CA (PEM) for the provider's certificate
  --insecure           accept any certificate (test providers only; prints a warning)
  --timeout MS         time allowed to each attempt (default 30000)
  --dry-run            send nothing: print the equivalent curl command (the token as
                       "$ONEPROVIDER_API_KEY", never its value) of the first request, and
                       as "# then:" comments what would follow from its answer`;

const restCliList = `Operations:\n${Object.keys(OPERATIONS)
  .map((operationId) => `  ${restCliUsage(operationId as OperationId)}`)
  .join("\n")}`;

/** The help of each command, and of the tool (`main`). */
export const help = {
  main: `Usage: ${program} <command> [options]

Commands:
  get <wid>                           show a workflow execution (--json: the raw JSON)
  watch <wid>                         follow an execution until it ends or is suspended
  ls <spaceId>                        list execution ids (--phase, --limit, --long)
  schedule --space S --schema ID --revision N
                                      schedule an execution; prints its id (--watch follows it)
  cancel | pause | resume | continue | rm <wid>
                                      act on an execution (continue: force-continue a failed one)
  retry | rerun <wid> [--lane N --run N]
                                      repeat a lane run of an ended execution
  logs <wid>                          the execution's audit log (--follow, --level, --json)
  <operationId> name=value …          any operation in oneprovider-rest-cli's forms, raw JSON out
                                      (getWorkflowExecutionDetails wid=ID, listWorkflowExecutions
                                      sid=S phase=ended, retryWorkflowExecution wid=ID laneIndex==2 …)
  mock                                start a mock Oneprovider on loopback
  completion bash|zsh|fish            a shell completion script

Run '${program} <command> --help' for a command's options.

${connectionHelp}

${EXIT_CODES_HELP}`,
  get: `Usage: ${program} get <wid> [--json] [connection options]

Shows the execution: status and phase, times (local), and each lane with its latest run.
  --json    print the JSON the provider sent, for jq

${connectionHelp}

${EXIT_CODES_HELP}`,
  watch: `Usage: ${program} watch <wid> [--until stopped|ended] [--interval MS] [--max-interval MS]
                 [--max-failures N] [connection options]

Follows the execution until it stops: redrawn in place on a terminal, one line per change otherwise.
It stops when the execution ends, or is suspended (paused or interrupted, exit 7). The exit code
tells how. A stopped execution can still be resumed, retried, rerun or force-continued later:
watch reports the state it saw when it stopped. Failed polls (no answer, a timeout, 429, 5xx) are
retried with backoff, and shown; 400, 401, 403 and 404 end the watch at once.
  --until stopped     stop when the execution ends or is suspended (the default)
  --until ended       keep waiting through a suspension, until the execution ends
  --interval MS       first interval between polls, and again after each change (default 2000)
  --max-interval MS   the interval grows up to this while nothing changes (default 30000)
  --max-failures N    give up after N failed polls in a row (default 10)

${connectionHelp}

${EXIT_CODES_HELP}`,
  rest: `Usage: ${program} <operationId> name=value … [field==value … | -] [connection options]

Onedata's oneprovider-rest-cli forms, one per operation of the API: name=value for path and query
parameters, name==value for body fields (JSON when it reads as JSON), and a JSON body on standard
input with a trailing -. Prints the answer's JSON. Unlike oneprovider-rest-cli, the exit code
reflects the outcome and errors go to stderr.

${restCliList}

${connectionHelp}

${EXIT_CODES_HELP}`,
  ls: `Usage: ${program} ls <spaceId> [--phase waiting|ongoing|suspended|ended|all] [--limit N] [--long] [--json] [connection options]

Lists the ids of the space's executions in one phase (default ongoing, as the provider does: a
just-scheduled execution is waiting), newest first, every page.
  --phase P   waiting, ongoing, suspended, ended, or all (each phase in turn)
  --limit N   at most N ids
  --long      also status, schedule time and name (read 8 at a time)
  --json      a JSON array (of ids, or with --long of executions)

${connectionHelp}

${EXIT_CODES_HELP}`,
  schedule: `Usage: ${program} schedule --space S --schema ID --revision N [--input STORE=JSON|STORE=@FILE …]
                 [--log-level L] [--callback URL] [--watch] [--json] [connection options]

Schedules an execution of a workflow schema revision and prints its id.
  --input STORE=JSON    initial content of a store (repeatable); STORE=@FILE reads the JSON from FILE
  --log-level L         debug, info (default), notice, warning, error, critical, alert, emergency
  --callback URL        called by the provider on every stop of the execution
  --watch               then follow it as watch does (same exit codes; --interval and
                        --max-interval as for watch)
  --json                print the provider's answer as JSON

${connectionHelp}

${EXIT_CODES_HELP}`,
  cancel: `Usage: ${program} cancel <wid> [connection options]

Cancels a waiting, ongoing or suspended execution. A suspended one is cancelled at once; a running
one is stopping when the provider answers, and cancelled soon after.

${connectionHelp}

${EXIT_CODES_HELP}`,
  pause: `Usage: ${program} pause <wid> [connection options]

Pauses a waiting or ongoing execution: stopping when the provider answers, then paused.

${connectionHelp}

${EXIT_CODES_HELP}`,
  resume: `Usage: ${program} resume <wid> [connection options]

Resumes a paused or interrupted execution: its current run continues.

${connectionHelp}

${EXIT_CODES_HELP}`,
  continue: `Usage: ${program} continue <wid> [connection options]

Force-continues a failed execution from its next lane (not when the last lane failed).

${connectionHelp}

${EXIT_CODES_HELP}`,
  rm: `Usage: ${program} rm <wid> [connection options]

Deletes (discards) a suspended or ended execution: at once invisible, purged later by the provider.

${connectionHelp}

${EXIT_CODES_HELP}`,
  retry: `Usage: ${program} retry <wid> [--lane N --run N] [connection options]

Retries the failed items of a lane run of an ended execution. Without --lane and --run, the one run
that can be retried now; if there are several or none, says which can.

${connectionHelp}

${EXIT_CODES_HELP}`,
  rerun: `Usage: ${program} rerun <wid> [--lane N --run N] [connection options]

Runs a lane run of an ended execution again, from that lane on. Without --lane and --run, the one
run that can be rerun now; if there are several or none, says which can.

${connectionHelp}

${EXIT_CODES_HELP}`,
  logs: `Usage: ${program} logs <wid> [--follow] [--level L] [--json] [connection options]

Prints the execution's system audit log, oldest first: local time, severity and description.
  --follow        then print new entries as they come, until the execution stops (ends or is
                  suspended); the log is read again every --interval MS (default 2000)
  --level L       only entries at L or above (debug … emergency)
  --json          one JSON entry per line, as the provider sent it

${connectionHelp}

${EXIT_CODES_HELP}`,
  completion: `Usage: ${program} completion bash|zsh|fish

Prints a script that completes commands, options, and the values of phases and log levels.
  bash:  source <(${program} completion bash)      (in ~/.bashrc)
  zsh:   source <(${program} completion zsh)       (in ~/.zshrc)
  fish:  ${program} completion fish | source       (in ~/.config/fish/config.fish)`,
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
