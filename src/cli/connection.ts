import { readFileSync } from "node:fs";
import { createClientWithEngine, type OneproviderClient } from "../client/create-client.js";
import { nodeHttpEngine } from "../transport/node-http-engine.js";
import { program } from "./help.js";
import { dryRunEngine } from "./dry-run.js";
import { UsageError } from "./parse-command.js";

/** The options every command that calls the provider takes. */
export const connectionOptions = {
  host: { type: "string" },
  "token-file": { type: "string" },
  bearer: { type: "boolean" },
  cacert: { type: "string" },
  insecure: { type: "boolean" },
  timeout: { type: "string" },
  token: { type: "string" },
  "dry-run": { type: "boolean" },
} as const;

export function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`--${name} takes a positive number, not "${value}"`);
  return number;
}

export type ConnectionValues = {
  [K in keyof typeof connectionOptions]?: (typeof connectionOptions)[K]["type"] extends "string"
    ? string
    : boolean;
};

export function connect(
  values: ConnectionValues,
  env: NodeJS.ProcessEnv,
  /** For --dry-run: what the command sends after its first request, which needs that answer. */
  dryRunThen?: string[],
): { client: OneproviderClient; close(): void } {
  if (values.token !== undefined) {
    throw new UsageError(
      "--token is not accepted: other users can read the command line. Set ONEPROVIDER_API_KEY or pass --token-file FILE",
    );
  }
  const host = values.host ?? env.ONEPROVIDER_HOST;
  if (!host) throw new UsageError("no provider: pass --host HOST or set ONEPROVIDER_HOST");
  const dryRun = values["dry-run"] === true;
  let token: string | undefined;
  // A dry run prints the token as a shell expression: it reads no token at all.
  if (dryRun) {
    token = undefined;
  } else if (values["token-file"] !== undefined) {
    try {
      token = readFileSync(values["token-file"], "utf8").trim();
    } catch (error) {
      // The value is not repeated: a token given there by mistake would end up in a terminal or a log.
      throw new UsageError(
        `cannot read the --token-file: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
  } else {
    token = env.ONEPROVIDER_API_KEY?.trim();
  }
  if (!token && !dryRun) throw new UsageError("no token: set ONEPROVIDER_API_KEY or pass --token-file FILE");
  if (values.cacert !== undefined && values.insecure)
    throw new UsageError(
      "--cacert and --insecure contradict each other: trust that CA, or (a test provider only) any certificate",
    );
  let ca: string | undefined;
  if (values.cacert !== undefined) {
    try {
      ca = readFileSync(values.cacert, "utf8");
    } catch (error) {
      throw new UsageError(
        `cannot read --cacert ${values.cacert}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
    if (!ca.includes("-----BEGIN CERTIFICATE-----"))
      throw new UsageError(`--cacert ${values.cacert} is not a PEM certificate`);
  }
  if (values.insecure && !dryRun) {
    process.stderr.write(
      `${program}: warning: --insecure accepts any certificate; anyone on the path can read the token\n`,
    );
  }
  const engine = dryRun
    ? Object.assign(
        dryRunEngine(
          {
            tokenExpression:
              values["token-file"] === undefined
                ? "$ONEPROVIDER_API_KEY"
                : `$(cat ${JSON.stringify(values["token-file"])})`,
            cacert: values.cacert,
            insecure: values.insecure === true,
            then: dryRunThen,
          },
          (text) => process.stdout.write(text),
        ),
        { close: () => undefined },
      )
    : nodeHttpEngine({ ca, insecure: values.insecure });
  const timeoutMs = positiveNumber(values.timeout, "timeout");
  const client = createClientWithEngine(
    {
      host,
      token: token || "dry-run",
      ...(values.bearer && { authScheme: "bearer" as const }),
      ...(timeoutMs !== undefined && { timeoutMs }),
    },
    engine,
  );
  return { client, close: () => engine.close() };
}
