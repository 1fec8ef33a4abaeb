import { readFileSync } from "node:fs";
import { createClientWithEngine, type OneproviderClient } from "../client/create-client.js";
import { PACKAGE_VERSION } from "../client/package-version.js";
import { nodeHttpEngine } from "../transport/node-http-engine.js";
import { OneproviderNetworkError } from "../errors/error-classes.js";
import {
  defineCommand,
  program,
  UsageError,
  type Command,
  type CommandSpec,
  type OptionSpecs,
  type OptionValues,
  type ParsedArgs,
} from "./command.js";
import { PROVIDER_EXIT_CODES } from "./exit-codes.js";
import { dryRunEngine } from "./dry-run.js";

/** The options every command that calls the provider takes, described under "Connection:". */
export const connectionOptions = {
  host: {
    type: "string",
    placeholder: "HOST",
    help: "the provider: provider.example.org[:port] or https://… (env ONEPROVIDER_HOST)",
  },
  "token-file": {
    type: "string",
    placeholder: "FILE",
    files: true,
    help: "read the access token from FILE (default: env ONEPROVIDER_API_KEY), and again\nafter a 401, so a rotated file is picked up. The token is never taken on\nthe command line, where other users can see it.",
  },
  bearer: { type: "boolean", help: "send it as Authorization: Bearer (default X-Auth-Token)" },
  cacert: {
    type: "string",
    placeholder: "FILE",
    files: true,
    help: "trust this CA (PEM) for the provider's certificate",
  },
  insecure: { type: "boolean", help: "accept any certificate (test providers only; prints a warning)" },
  timeout: {
    type: "string",
    placeholder: "MS",
    number: {},
    help: "time allowed to each attempt (default 30000)",
  },
  // Parsed only to refuse it with the reason.
  token: { type: "string", hidden: true, help: "" },
  "dry-run": {
    type: "boolean",
    help: 'send nothing: print the equivalent curl command (the token as\n"$ONEPROVIDER_API_KEY", never its value) of the first request, and\nas "# then:" comments what would follow from its answer',
  },
} as const satisfies OptionSpecs;

/** The connection options, as a command's record takes them. */
export const connection = { heading: "Connection:", options: connectionOptions, inMainHelp: true } as const;

export type ConnectionValues = OptionValues<typeof connectionOptions>;

/** The connection as the options and the environment give it, checked: what `connect` and `conformance` build on. */
export interface ConnectionSettings {
  host: string;
  /** The token now; undefined only for a dry run. */
  token: string | undefined;
  /** Reads the token file again (after a 401), when the token came from one. */
  rereadToken: (() => string) | undefined;
  ca: string | undefined;
  insecure: boolean;
  timeoutMs: number | undefined;
  bearer: boolean;
  dryRun: boolean;
}

export function connectionSettings(values: ConnectionValues, env: NodeJS.ProcessEnv): ConnectionSettings {
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
  // Over plain http there is no certificate to accept: nothing to warn about.
  if (values.insecure && !dryRun && !/^http:/i.test(host)) {
    process.stderr.write(
      `${program}: warning: --insecure accepts any certificate; anyone on the path can read the token\n`,
    );
  }
  return {
    host,
    token: token || undefined,
    rereadToken: tokenFile === undefined || dryRun ? undefined : () => readTokenFile(tokenFile),
    ca,
    insecure: values.insecure === true,
    timeoutMs: values.timeout,
    bearer: values.bearer === true,
    dryRun,
  };
}

/** A host typed without a scheme on loopback: tried as https, where a local provider (the mock) speaks http. */
const schemelessLoopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/** What the tool adds to a failure to reach the provider: the flag that is the fix, where one is. */
function advice(error: OneproviderNetworkError, host: string): string {
  if (schemelessLoopback.test(host.trim()))
    return `; ${host} was tried as https: for a plain-http provider on loopback (such as the mock), pass --host http://${host.trim()}`;
  if (error.kind === "tls")
    return "; on the command line: --cacert FILE trusts that CA, --insecure (a test provider only) any certificate";
  return "";
}

/**
 * A command that calls the provider: connected before its run and closed after it, whatever happens,
 * with the connection options and the provider's exit codes; a failure to reach the provider gets the
 * flag that fixes it.
 */
export function defineProviderCommand<const O extends OptionSpecs>(
  spec: Omit<CommandSpec<O, typeof connectionOptions>, "shared" | "run"> & {
    /** For --dry-run: what the command would send after its first request, which needs that answer. */
    dryRunThen?: (parsed: ParsedArgs<O & typeof connectionOptions>) => string[] | undefined;
    /** `connected()` connects on first call (after the command's own checks) and gives the same client after. */
    run(
      parsed: ParsedArgs<O & typeof connectionOptions>,
      connected: () => OneproviderClient,
      env: NodeJS.ProcessEnv,
    ): Promise<number>;
  },
): Command {
  return defineCommand<O, typeof connectionOptions>({
    exitCodes: PROVIDER_EXIT_CODES,
    ...spec,
    shared: connection,
    async run(parsed, env) {
      let connection: ReturnType<typeof connect> | undefined;
      const connected = () => (connection ??= connect(parsed.values, env, spec.dryRunThen?.(parsed))).client;
      try {
        return await spec.run(parsed, connected, env);
      } catch (error) {
        const host = (parsed.values as ConnectionValues).host ?? env.ONEPROVIDER_HOST ?? "";
        if (error instanceof OneproviderNetworkError) error.message += advice(error, host);
        throw error;
      } finally {
        connection?.close();
      }
    },
  });
}

export function connect(
  values: ConnectionValues,
  env: NodeJS.ProcessEnv,
  /** For --dry-run: what the command sends after its first request, which needs that answer. */
  dryRunThen?: string[],
): { client: OneproviderClient; close: () => void } {
  const { host, token, rereadToken, ca, insecure, timeoutMs, bearer, dryRun } = connectionSettings(
    values,
    env,
  );
  const engine = dryRun
    ? Object.assign(
        dryRunEngine(
          {
            tokenExpression:
              values["token-file"] === undefined
                ? "$ONEPROVIDER_API_KEY"
                : `$(cat ${JSON.stringify(values["token-file"])})`,
            cacert: values.cacert,
            insecure,
            then: dryRunThen,
          },
          (text) => process.stdout.write(text),
        ),
        { close: () => undefined },
      )
    : nodeHttpEngine({ ca, insecure });
  let currentToken = token ?? "dry-run";
  const client = createClientWithEngine(
    {
      host,
      // A token file may be rotated while a watch or a follow runs: after a 401, read it again.
      token:
        rereadToken === undefined
          ? currentToken
          : ({ rejected }) => (rejected ? (currentToken = rereadToken()) : currentToken),
      headers: { "user-agent": `${program}/${PACKAGE_VERSION}` },
      ...(bearer && { authScheme: "bearer" as const }),
      ...(timeoutMs !== undefined && { timeoutMs }),
    },
    engine,
  );
  return { client, close: () => engine.close() };
}
