import { OneproviderError } from "../errors/error-classes.js";
import type { HttpEngine } from "../transport/http-engine.js";

/** Thrown by the dry-run engine once it has printed the request: the command ends there, exit 0. */
export class DryRunDone extends OneproviderError {
  override name = "DryRunDone";
}

/** A word for a POSIX shell, in single quotes. */
const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export interface DryRunOptions {
  /** How the shell gets the token: never its value. */
  tokenExpression: string;
  cacert: string | undefined;
  insecure: boolean;
  /**
   * What the command would send next, from the first answer (a dry run has none): printed as shell
   * comments, so that the output stays a script that runs.
   */
  then?: string[] | undefined;
}

/**
 * An engine that sends nothing: it prints the request as the equivalent curl command (the token as
 * a shell expression, never its value), then stops the command.
 */
export function dryRunEngine(options: DryRunOptions, write: (text: string) => void): HttpEngine {
  return async (url, request) => {
    const words = ["curl", "-sS"];
    if (request.method !== "GET") words.push("-X", request.method);
    words.push(quoted(url));
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === "x-auth-token") words.push("-H", `"X-Auth-Token: ${options.tokenExpression}"`);
      else if (name === "authorization")
        words.push("-H", `"Authorization: Bearer ${options.tokenExpression}"`);
      else words.push("-H", quoted(`${name}: ${value}`));
    }
    if (request.body !== null) words.push("--data-raw", quoted(new TextDecoder().decode(request.body)));
    if (options.cacert !== undefined) words.push("--cacert", quoted(options.cacert));
    if (options.insecure) words.push("-k");
    write(`${words.join(" ")}\n${(options.then ?? []).map((line) => `# then: ${line}\n`).join("")}`);
    throw new DryRunDone("dry run: nothing was sent");
  };
}
