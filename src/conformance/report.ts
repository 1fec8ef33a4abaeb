import type { Check } from "./check-runner.js";
import type { ConformanceReport } from "./suite.js";

/** Where and with what a report was made, for its heading. */
export interface ReportContext {
  specVersion: string;
  toolVersion: string;
  /** The provider's API base; only the terminal output shows it (a shared report need not). */
  target?: string;
}

/** `conformance: N/M checks as the spec says (<provider version>)`. */
export function summaryLine(report: ConformanceReport): string {
  const held = report.checks.filter((check) => check.ok).length;
  const version = report.provider?.version ?? "provider version unknown";
  return `conformance: ${held}/${report.checks.length} checks as the spec says (${version})`;
}

/** The JSON output: provider, checks and drift as documented, with the additions and notes besides. */
export function reportJson(report: ConformanceReport, context: ReportContext) {
  return {
    provider: report.provider,
    spec: context.specVersion,
    tool: context.toolVersion,
    summary: summaryLine(report),
    checks: report.checks.map(({ id, operationId, ok, expected, observed }) => ({
      id,
      operationId,
      ok,
      expected,
      observed,
    })),
    drift: report.drift.map(({ operationId, status, pointer, message, check }) => ({
      operationId,
      status,
      pointer,
      message,
      check,
    })),
    additions: groupAdditions(report),
    notes: report.notes,
  };
}

/** Each key the spec does not name, once per operation, status and place (array positions as `*`). */
function groupAdditions(report: ConformanceReport) {
  const groups = new Map<
    string,
    { operationId: string; status: number; pointer: string; checks: string[] }
  >();
  for (const addition of report.additions) {
    const pointer = addition.pointer.replace(/\/\d+(?=\/|$)/g, "/*");
    const key = `${addition.operationId} ${addition.status} ${pointer}`;
    const group = groups.get(key) ?? {
      operationId: addition.operationId,
      status: addition.status,
      pointer,
      checks: [],
    };
    if (!group.checks.includes(addition.check)) group.checks.push(addition.check);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const providerText = (report: ConformanceReport) =>
  report.provider
    ? `${report.provider.version ?? "version not given"}${report.provider.build ? `, build ${report.provider.build}` : ""}`
    : "unknown (no public configuration)";

/** The terminal output: one line per check, the drift of each failed one under it, then the summary. */
export function reportText(report: ConformanceReport, context: ReportContext): string {
  const lines = [
    `Conformance of ${context.target ?? "a recording"} to openapi.yaml ${context.specVersion} (oneprovider-atm ${context.toolVersion})`,
    `Provider: ${providerText(report)}`,
    "",
  ];
  for (const check of report.checks) lines.push(...checkLines(check, report));
  const additions = groupAdditions(report);
  if (additions.length > 0) {
    lines.push("", "Keys the spec does not name (additions, not failures):");
    for (const each of additions) lines.push(`  ${each.operationId} ${each.status} ${each.pointer}`);
  }
  if (report.notes.length > 0) lines.push("", "Notes:", ...report.notes.map((note) => `  ${note}`));
  lines.push("", summaryLine(report));
  return lines.join("\n");
}

/** A check's line, and for a failed one its expectation, what came back and where it differs. */
export function checkLines(check: Check, report: Pick<ConformanceReport, "drift">): string[] {
  const head = `${check.ok ? "ok   " : "DRIFT"}  ${check.id}  (${check.operationId})`;
  if (check.ok) return [head];
  return [
    head,
    `         expected: ${check.expected}`,
    `         observed: ${check.observed}`,
    ...report.drift
      .filter((each) => each.check === check.id)
      .map(
        (each) => `         ${each.pointer === "" ? "(status or header)" : each.pointer}: ${each.message}`,
      ),
  ];
}

const cell = (text: string) => text.replaceAll("|", "\\|").replace(/\s+/g, " ");
const code = (text: string) => (text === "" ? '`""`' : `\`${text.replaceAll("`", "'")}\``);

/** The same as Markdown, ready to paste into an issue: no host, no token. */
export function reportMarkdown(report: ConformanceReport, context: ReportContext): string {
  const lines = [
    "# Oneprovider conformance report",
    "",
    `- Provider: ${providerText(report)}`,
    `- Spec: openapi.yaml ${context.specVersion}`,
    `- Tool: oneprovider-atm ${context.toolVersion}`,
    "",
    `**${summaryLine(report)}**`,
    "",
    "## Drift",
    "",
  ];
  if (report.drift.length === 0) lines.push("None: every answer is as the spec says.");
  else {
    lines.push("| check | operation | status | pointer | message |", "|---|---|---|---|---|");
    for (const each of report.drift)
      lines.push(
        `| ${cell(each.check)} | ${each.operationId} | ${each.status ?? "none"} | ${code(each.pointer)} | ${cell(each.message)} |`,
      );
  }
  lines.push("", "## Checks", "", "| | check | operation | expected | observed |", "|---|---|---|---|---|");
  for (const check of report.checks)
    lines.push(
      `| ${check.ok ? "ok" : "**drift**"} | ${cell(check.id)} | ${check.operationId} | ${cell(check.expected)} | ${cell(check.observed)} |`,
    );
  const additions = groupAdditions(report);
  if (additions.length > 0) {
    lines.push("", "## Keys the spec does not name", "", "| operation | status | pointer |", "|---|---|---|");
    for (const each of additions)
      lines.push(`| ${each.operationId} | ${each.status} | ${code(each.pointer)} |`);
  }
  if (report.notes.length > 0) lines.push("", "## Notes", "", ...report.notes.map((note) => `- ${note}`));
  return `${lines.join("\n")}\n`;
}
