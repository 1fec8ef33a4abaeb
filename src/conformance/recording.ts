import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Exchanger, ExchangeRequest, ExchangeResult } from "./exchange.js";

/**
 * One recorded exchange, a fixture file: the request as the suite asked for it (the token appears
 * only as `auth: "token"`, never its value) and what came back, the headers that matter and the body.
 */
export interface RecordedExchange {
  request: ExchangeRequest;
  result: ExchangeResult;
}

/** The file that says what a recording is: the tool, the spec and the options it ran with. */
export const RECORDING_FILE = "recording.json";
const EXCHANGES = "exchanges";

/**
 * Passes each exchange on and writes it to `<dir>/exchanges/NNNN-<check>.json`. An earlier
 * recording's exchanges in the folder go first: a replay would mix them in.
 */
export function recordingExchanger(inner: Exchanger, dir: string): Exchanger {
  rmSync(join(dir, EXCHANGES), { recursive: true, force: true });
  mkdirSync(join(dir, EXCHANGES), { recursive: true });
  let count = 0;
  return async (request) => {
    const result = await inner(request);
    count++;
    const name = `${String(count).padStart(4, "0")}-${request.check.replace(/[^A-Za-z0-9.-]+/g, "_").slice(0, 80)}.json`;
    const recorded: RecordedExchange = { request, result };
    writeFileSync(join(dir, EXCHANGES, name), `${JSON.stringify(recorded, null, 2)}\n`);
    return result;
  };
}

/** What identifies a request in a replay: everything the suite chose, not the order. */
function requestKey(request: ExchangeRequest): string {
  return JSON.stringify([
    request.method,
    request.path,
    request.auth,
    request.headers?.accept ?? null,
    request.headers?.["content-type"] ?? null,
    request.body ?? null,
  ]);
}

/** The exchanges of a recording, in the order they were made; a file that is not one is named in the error. */
export function readExchanges(dir: string): RecordedExchange[] {
  const folder = join(dir, EXCHANGES);
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      let recorded: Partial<RecordedExchange> | null = null;
      try {
        recorded = JSON.parse(readFileSync(join(folder, name), "utf8")) as Partial<RecordedExchange> | null;
      } catch {
        // Reported below, with the rest.
      }
      const isObject = (value: unknown) => typeof value === "object" && value !== null;
      if (!isObject(recorded) || !isObject(recorded.request) || !isObject(recorded.result))
        throw new Error(
          `${join(EXCHANGES, name)} is not a recorded exchange (JSON with a request and a result)`,
        );
      return recorded as RecordedExchange;
    });
}

/**
 * Answers each request from a recording: the recorded answers to the same request in turn, the
 * last one again for further reads (a wait's polls). A request the recording does not hold has no
 * answer, and its check fails saying so.
 */
export function replayExchanger(dir: string): Exchanger {
  const answers = new Map<string, ExchangeResult[]>();
  for (const { request, result } of readExchanges(dir)) {
    const key = requestKey(request);
    answers.set(key, [...(answers.get(key) ?? []), result]);
  }
  return async (request) => {
    const queue = answers.get(requestKey(request));
    if (!queue) return { noAnswer: true, error: `not in the recording: ${request.method} ${request.path}` };
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  };
}
