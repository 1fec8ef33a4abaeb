import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { SPEC_VERSION } from "../../generated/enum-values.js";
import { resolveBaseUrl } from "../client/options.js";
import { PACKAGE_VERSION } from "../client/package-version.js";
import { OneproviderNetworkError } from "../errors/error-classes.js";
import { program, UsageError } from "./command.js";
import { connectionSettings, type ConnectionValues } from "./connection.js";
import { EXIT } from "./exit-codes.js";
import { terminalJson, terminalLine, terminalText } from "./terminal-text.js";
import { sleep } from "../transport/sleep.js";
import { nodeHttpEngine } from "../transport/node-http-engine.js";
import type { Exchanger } from "../conformance/exchange.js";
import { liveExchanger } from "../conformance/live-exchanger.js";
import { RECORDING_FILE, recordingExchanger, replayExchanger } from "../conformance/recording.js";
import {
  checkLines,
  reportJson,
  reportMarkdown,
  reportText,
  summaryLine,
  type ReportContext,
} from "../conformance/report.js";
import {
  runConformance,
  type ConformanceOptions,
  type ConformanceReport,
  type SuiteEnvironment,
} from "../conformance/suite.js";

export interface ConformanceCommandOptions extends Omit<ConformanceOptions, "spaceId"> {
  spaceId?: string;
  json: boolean;
  reportFile?: string;
  recordDir?: string;
  replayDir?: string;
}

/** What a recording says of itself, so that its replay runs the same checks. */
interface RecordingInfo {
  tool: string;
  spec: string;
  options: ConformanceOptions;
}

/** A recording's own description, or the usage error that says why it cannot be replayed. */
function readRecording(dir: string): RecordingInfo {
  let info: Partial<RecordingInfo> | null;
  try {
    info = JSON.parse(readFileSync(join(dir, RECORDING_FILE), "utf8")) as Partial<RecordingInfo> | null;
  } catch (error) {
    throw new UsageError(
      `--replay ${dir} is not a recording (no readable ${RECORDING_FILE}: ${(error as NodeJS.ErrnoException).code ?? "not JSON"})`,
    );
  }
  const options = info?.options;
  if (typeof options !== "object" || options === null || typeof options.spaceId !== "string")
    throw new UsageError(`--replay ${dir}: ${RECORDING_FILE} has no options with a spaceId`);
  return info as RecordingInfo;
}

/** What a path is now: a folder, something else, or nothing yet. */
function kindOf(path: string): "folder" | "file" | "none" {
  try {
    return statSync(path).isDirectory() ? "folder" : "file";
  } catch {
    return "none";
  }
}

/** The files the run will write, checked before any request: a run is not lost to a bad path at its end. */
function checkOutputs(options: ConformanceCommandOptions): void {
  if (options.recordDir !== undefined && kindOf(options.recordDir) === "file")
    throw new UsageError(`--record ${options.recordDir} is a file: it takes a folder`);
  if (options.reportFile !== undefined) {
    if (kindOf(options.reportFile) === "folder")
      throw new UsageError(`--report ${options.reportFile} is a folder: it takes a file`);
    if (kindOf(dirname(options.reportFile)) !== "folder")
      throw new UsageError(
        `--report ${options.reportFile}: no folder ${dirname(options.reportFile)} to write it in`,
      );
  }
}

/** The replay's environment: no waiting, and a clock that moves by what the run would have waited. */
function replayEnvironment(exchange: Exchanger): SuiteEnvironment {
  let now = 0;
  return {
    exchange,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

/** Runs the conformance command once its options are checked; resolves with the exit code. */
export async function runConformanceCommand(
  options: ConformanceCommandOptions,
  connection: ConnectionValues,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let suiteOptions: ConformanceOptions;
  let environment: SuiteEnvironment;
  let target: string | undefined;
  let close: () => void = () => undefined;
  checkOutputs(options);
  if (options.replayDir !== undefined) {
    const recording = readRecording(options.replayDir);
    suiteOptions = recording.options;
    try {
      environment = replayEnvironment(replayExchanger(options.replayDir));
    } catch (error) {
      throw new UsageError(`--replay ${options.replayDir}: ${(error as Error).message}`);
    }
  } else {
    const settings = connectionSettings(connection, env);
    target = resolveBaseUrl({ host: settings.host });
    const engine = nodeHttpEngine({ ca: settings.ca, insecure: settings.insecure });
    close = () => engine.close();
    suiteOptions = {
      spaceId: options.spaceId!,
      maxExecutions: options.maxExecutions,
      pageSize: options.pageSize,
      maxDumps: options.maxDumps,
      ...(options.actions && { actions: options.actions }),
    };
    let exchange = liveExchanger({
      baseUrl: target,
      token: settings.token!,
      authScheme: settings.bearer ? "bearer" : "x-auth-token",
      engine,
      timeoutMs: settings.timeoutMs ?? 30_000,
      maxBodyBytes: 8 * 1024 * 1024,
      userAgent: `${program}/${PACKAGE_VERSION}`,
    });
    if (options.recordDir !== undefined) {
      mkdirSync(options.recordDir, { recursive: true });
      const info: RecordingInfo = { tool: PACKAGE_VERSION, spec: SPEC_VERSION, options: suiteOptions };
      writeFileSync(join(options.recordDir, RECORDING_FILE), `${JSON.stringify(info, null, 2)}\n`);
      exchange = recordingExchanger(exchange, options.recordDir);
    }
    environment = { exchange, sleep: (ms) => sleep(ms), now: () => Date.now() };
  }
  const context: ReportContext = {
    specVersion: SPEC_VERSION,
    toolVersion: PACKAGE_VERSION,
    ...(target !== undefined && { target }),
  };
  // On a terminal, each check's line as it ends: a run against a slow provider shows its progress.
  const live = !options.json && process.stdout.isTTY === true;
  let report: ConformanceReport;
  try {
    report = await runConformance(suiteOptions, {
      ...environment,
      ...(live && {
        onCheck: (check) =>
          void process.stderr.write(`${terminalLine(checkLines(check, { drift: [] })[0]!)}\n`),
      }),
    });
  } finally {
    close();
  }
  if (report.checks.length > 0 && report.checks.every((check) => check.observed.startsWith("no answer:")))
    throw new OneproviderNetworkError(`${target ?? "the recording"}: ${report.checks[0]!.observed}`, {
      kind: "other",
    });
  if (options.recordDir !== undefined)
    writeFileSync(
      join(options.recordDir, "report.json"),
      `${terminalJson(JSON.stringify(reportJson(report, context), null, 2))}\n`,
    );
  // Everything the provider sent (ids, excerpts, its version) reaches a terminal or a file shown in one
  // escaped, as every other command does: a listed id cannot retitle the window.
  if (options.reportFile !== undefined)
    writeFileSync(options.reportFile, terminalText(reportMarkdown(report, context)));
  process.stdout.write(
    options.json
      ? `${terminalJson(JSON.stringify(reportJson(report, context), null, 2))}\n`
      : `${terminalText(reportText(report, context))}\n`,
  );
  if (options.json) process.stderr.write(`${terminalLine(summaryLine(report))}\n`);
  return report.checks.every((check) => check.ok) ? EXIT.ok : EXIT.apiError;
}
