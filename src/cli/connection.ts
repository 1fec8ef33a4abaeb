import { readFileSync } from "node:fs";
import { createClientWithEngine, type OneproviderClient } from "../client/create-client.js";
import { PACKAGE_VERSION } from "../client/package-version.js";
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
  const tokenFile = values["token-file"];
  /** The token in the file now; the value is never repeated in an error (it may be a token given by mistake). */
  const readTokenFile = (file: string) => {
    try {
      return readFileSync(file, "utf8").trim();
    } catch (error) {
      throw new UsageError(
        `cannot read the --token-file: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
  };
  // A dry run prints the token as a shell expression: it reads no token at all.
  if (dryRun) {
    token = undefined;
  } else if (tokenFile !== undefined) {
    token = readTokenFile(tokenFile);
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
  let currentToken = token || "dry-run";
  const client = createClientWithEngine(
    {
      host,
      // A token file may be rotated while a watch or a follow runs: after a 401, read it again.
      token:
        tokenFile === undefined || dryRun
          ? currentToken
          : ({ rejected }) => (rejected ? (currentToken = readTokenFile(tokenFile)) : currentToken),
      headers: { "user-agent": `${program}/${PACKAGE_VERSION}` },
      ...(values.bearer && { authScheme: "bearer" as const }),
      ...(timeoutMs !== undefined && { timeoutMs }),
    },
    engine,
  );
  return { client, close: () => engine.close() };
}
