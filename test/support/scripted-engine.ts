import type { EngineRequest, EngineResponse, HttpEngine } from "../../src/transport/http-engine.js";

/** One answer of a scripted engine: an HTTP answer, or a failure thrown as an engine would. */
export type Step =
  | {
      status: number;
      body?: string;
      headers?: Record<string, string>;
      chunks?: string[];
      /** A browser's answer to a redirect it was told not to follow: it shows neither status nor Location. */
      opaqueRedirect?: boolean;
    }
  | { throws: unknown };

/** A system error as Node reports it, such as ECONNREFUSED. */
export const systemError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

/**
 * An HTTP engine that answers from a script, in order, and records what it was asked: the transport
 * tested without sockets or wall-clock margins. The last step repeats once the script runs out.
 */
export function scriptedEngine(
  steps: Step[],
): HttpEngine & { requests: Array<EngineRequest & { url: string }> } {
  const requests: Array<EngineRequest & { url: string }> = [];
  const engine: HttpEngine = async (url, request) => {
    requests.push({ ...request, url });
    const step = steps[Math.min(requests.length - 1, steps.length - 1)]!;
    if ("throws" in step) throw step.throws;
    const headers = new Headers(step.headers);
    const answer: EngineResponse = {
      status: step.status,
      statusText: "",
      headers,
      url,
      opaqueRedirect: step.opaqueRedirect ?? false,
      // `chunks`, when given, arrive one by one, as a server's writes may.
      stream: async function* () {
        for (const chunk of step.chunks ?? [step.body ?? ""]) yield new TextEncoder().encode(chunk);
      },
      discard: () => undefined,
    };
    return answer;
  };
  return Object.assign(engine, { requests });
}
