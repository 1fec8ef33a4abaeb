import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { OneproviderUsageError } from "../../src/errors/error-classes.js";
import type { AtmWorkflowExecution, AuditLogEntry } from "../../src/execution/types.js";
import {
  readExecutionReport,
  renderExecutionReport,
  REPORT_DATA_ID,
  type ExecutionReportInput,
} from "../../src/report.js";
import { makeExecution, makeLane, makeLaneRun } from "../support/executions.js";

const now = Date.UTC(2026, 11, 8, 12, 0, 0);
const entry = (index: number, severity: string, description: string): AuditLogEntry => ({
  index: String(index),
  timestamp: now - 60_000 + index * 1_000,
  severity: severity as AuditLogEntry["severity"],
  content: { description },
});
/** A failed execution: lane 1 finished, lane 2 failed in run 1 and was retried as run 2, which failed too. */
const failed = makeExecution({
  name: "Imaging pipeline",
  status: "failed",
  finishTime: 1764241300,
  lanes: [
    makeLane([makeLaneRun({ status: "finished" })]),
    makeLane([
      makeLaneRun({
        runNumber: 2,
        runType: "retry",
        originRunNumber: 1,
        status: "failed",
        isRetriable: true,
      }),
      makeLaneRun({ runNumber: 1, status: "failed" }),
    ]),
  ],
}) as unknown as AtmWorkflowExecution;
const log = [
  entry(0, "info", "Scheduled execution."),
  entry(1, "warning", "Slow lambda."),
  entry(2, "error", "[Lane: 2, Run: 1] Lane run failed."),
];
const input: ExecutionReportInput = { execution: failed, auditLog: log, now };

/** The JSON data block, parsed: the API's answers as they came. */
const dataOf = (html: string) => {
  const match = new RegExp(
    `<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`,
  ).exec(html);
  return JSON.parse(match![1]!) as unknown;
};

describe("the report's file", () => {
  test("is the same bytes for the same input and now", () => {
    expect(renderExecutionReport(input)).toBe(renderExecutionReport(structuredClone(input)));
  });

  test("forbids every request and script; its one style block is the one its policy allows, by hash", () => {
    const html = renderExecutionReport(input);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(policy).toMatch(/^default-src 'none'; /);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(styles).toHaveLength(1);
    const hash = `sha256-${createHash("sha256").update(styles[0]![1]!).digest("base64")}`;
    expect(policy).toContain(`style-src '${hash}'`);
    // No script but the data block, no attribute that would load anything, no link out of the file.
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])).toEqual([
      `<script type="application/json" id="${REPORT_DATA_ID}">`,
    ]);
    expect(html).not.toMatch(/\b(src|href|action|srcset)=/i);
    expect(html).not.toMatch(/url\(/i);
  });

  test("embeds the API's answers exactly, so that the file is also the recording", () => {
    expect(dataOf(renderExecutionReport(input))).toEqual({
      execution: failed,
      auditLog: log,
      configuration: null,
      now,
    });
  });

  test("read back from the file and rendered again, it is the same file", () => {
    const html = renderExecutionReport({ ...input, configuration: { version: "25.1" } });
    expect(renderExecutionReport(readExecutionReport(html))).toBe(html);
  });

  test("a file that is not a report, or whose data is broken, is a usage error that says which", () => {
    const block = (json: string) => `<script type="application/json" id="${REPORT_DATA_ID}">${json}</script>`;
    const cases: Array<[string, RegExp]> = [
      ["<p>hello</p>", /has no data block/],
      [block("{not json"), /is not JSON/],
      [block("null"), /no execution or no time/],
      [block(JSON.stringify({ execution: failed, now, auditLog: "x" })), /audit log is not a list/],
      [block(JSON.stringify({ execution: { lanes: 1 }, now })), /an object with a lanes array/],
    ];
    for (const [html, message] of cases) {
      expect(() => readExecutionReport(html)).toThrow(OneproviderUsageError);
      expect(() => readExecutionReport(html)).toThrow(message);
    }
  });
});

describe("what it shows", () => {
  test("the header, what went wrong first, and the commands the provider would accept now", () => {
    const html = renderExecutionReport({
      ...input,
      configuration: { domain: "provider.example.org", version: "21.02.8" },
    });
    expect(html).toContain("<h1>Imaging pipeline</h1>");
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<span class="s failed">✗ failed</span>');
    expect(html).toContain("provider.example.org, release 21.02.8");
    expect(html).toContain("made 2026-12-08 12:00:00 UTC");
    expect(html).toContain("ended is not final");
    expect(html).toContain(
      "The first warning of the audit log, at 2026-12-08 11:59:01 UTC: <q>Slow lambda.</q>",
    );
    expect(html).toContain("<li>Lane 2, run 2: ");
    expect(html).toContain("<li>Lane 2, run 1: ");
    const wid = failed.atmWorkflowExecutionId;
    expect(html).toContain(`oneprovider-atm retry ${wid} --lane 2 --run 2`);
    expect(html).toContain(`oneprovider-atm rm ${wid}`);
    expect(html).not.toContain(`oneprovider-atm pause ${wid}`);
  });

  test("every run of every lane, each a symbol and a word, retries named, runs prepared in advance apart", () => {
    const execution = makeExecution({
      status: "active",
      lanes: [
        makeLane([makeLaneRun({ runNumber: null, status: "scheduled" }), makeLaneRun({ status: "active" })]),
        makeLane([]),
      ],
    }) as unknown as AtmWorkflowExecution;
    const runs = renderExecutionReport({ execution, now });
    expect(runs).toContain('<th scope="col">Run 1</th><th scope="col">Prepared in advance</th>');
    expect(runs).toContain(
      '<td><span class="s ongoing">▶ active</span></td><td><span class="s waiting">◷ scheduled</span></td>',
    );
    expect(runs).toContain('<td><span class="note">no run</span></td>');
    const retried = renderExecutionReport(input);
    expect(retried).toContain(
      '<span class="s failed">✗ failed</span><br><span class="note">retry of run 1</span>',
    );
  });

  test("the audit log: warnings and worse first, then all, at most maxLogRows with a note of the rest", () => {
    const many = Array.from({ length: 5 }, (_, index) =>
      entry(index, index === 3 ? "critical" : "info", `entry ${index}`),
    );
    const html = renderExecutionReport({ execution: failed, auditLog: many, now, maxLogRows: 2 });
    expect(html).toContain("<caption>Warnings and worse (1)</caption>");
    expect(html).toContain("<caption>Every entry, oldest first (5)</caption>");
    expect(html).toContain("3 more entries are in the data embedded in this file, not shown.");
    expect(html).not.toContain("entry 4</td>");
    expect((dataOf(html) as { auditLog: unknown[] }).auditLog).toHaveLength(5);
    expect(renderExecutionReport({ execution: failed, now })).toContain("The audit log was not read.");
  });
});

describe("the timeline", () => {
  test("draws each lane run from the audit log's prefixes, its warnings and worse marked, named and described", () => {
    const html = renderExecutionReport(input);
    const svg =
      /<svg class="timeline" role="img" aria-labelledby="timeline-title timeline-desc"[\s\S]*?<\/svg>/.exec(
        html,
      )![0];
    expect(svg).toContain(
      '<title id="timeline-title">When each lane run happened, from the audit log\'s lane-run entries</title>',
    );
    expect(svg).toContain("Lane 2, run 1: 11:59:02 to 11:59:02 UTC, 1 warning or worse");
    expect(svg.match(/class="mark"/g)).toHaveLength(2); // the lane run's error and the execution's warning
    expect(html).toContain("<li>Lane 2, run 1: 11:59:02–11:59:02 UTC (1 warning or worse, marked)</li>");
  });

  test("with no log, one bar for the whole execution from its own times; nothing before it starts", () => {
    const html = renderExecutionReport({ execution: failed, now });
    expect(html).toContain("from the execution's own times (the audit log gave no lane run)");
    expect(html).toMatch(/<li>Execution: \d\d:\d\d:\d\d–\d\d:\d\d:\d\d UTC<\/li>/);
    const waiting = {
      ...failed,
      status: "scheduled",
      scheduleTime: 0,
      startTime: 0,
      finishTime: 0,
    } as AtmWorkflowExecution;
    expect(renderExecutionReport({ execution: waiting, now })).toContain(
      "Nothing to draw: the execution has not started.",
    );
  });
});

describe("hostile input", () => {
  test("a server string never escapes its text, and the data block still round-trips (property)", () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "</script><script>alert(1)</script>",
        "<!--",
        "]]>",
        "\u202e\u2066evil",
        "\x1b[2J",
        "' onload='x",
        "&amp;",
      ),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, (name, schemaId, description) => {
        const render = (name: string, schemaId: string, description: string) => {
          const execution = makeExecution({
            name,
            lanes: [
              makeLane([makeLaneRun({ parallelBoxes: [{ schemaId, taskRegistry: { [schemaId]: name } }] })], {
                schemaId,
              }),
            ],
          }) as unknown as AtmWorkflowExecution;
          const auditLog = [entry(0, "error", description)];
          return { html: renderExecutionReport({ execution, auditLog, now }), execution, auditLog };
        };
        const { html, execution, auditLog } = render(name, schemaId, description);
        // What the page shows has the same markup as with harmless strings, and no character that
        // would reorder or hide text; the data block gives back exactly what went in.
        const shown = (page: string) =>
          page.replace(/<script type="application\/json"[\s\S]*?<\/script>/, "");
        const tags = (page: string) => shown(page).match(/<[^>]*>/g);
        expect(tags(html)).toEqual(tags(render("x", "x", "x").html));
        expect(shown(html)).not.toMatch(/[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f]/);
        expect(html.match(/<\/script>/g)).toHaveLength(1);
        expect(dataOf(html)).toEqual({ execution, auditLog, configuration: null, now });
      }),
      { numRuns: 200 },
    );
  });

  test("a body the API would not send is a usage error naming where, never a crash", () => {
    const broken = [
      null,
      { lanes: "none" },
      { lanes: [{ runs: null }] },
      { lanes: [{ runs: [{ runNumber: "<b>1</b>", parallelBoxes: [] }] }] },
      { lanes: [{ runs: [{ runNumber: 1, parallelBoxes: [{ taskRegistry: null }] }] }] },
    ];
    for (const execution of broken)
      expect(() => renderExecutionReport({ execution: execution as never, now })).toThrow(
        OneproviderUsageError,
      );
    expect(() => renderExecutionReport({ ...input, now: Number.NaN })).toThrow(OneproviderUsageError);
    expect(() => renderExecutionReport({ ...input, maxLogRows: -1 })).toThrow(OneproviderUsageError);
    // Times no date can hold are shown as they came.
    const odd = renderExecutionReport({
      execution: failed,
      auditLog: [entry(0, "error", "x"), { ...entry(1, "info", "y"), timestamp: 1e300 }],
      now,
    });
    expect(odd).toContain("<td>1e+300</td>");
  });
});

describe("size", () => {
  /** An execution of `lanes` lanes of `runs` runs each (every one a retry of the one before), ids of the server's length. */
  const big = (lanes: number, runs: number) =>
    makeExecution({
      status: "failed",
      lanes: Array.from({ length: lanes }, () =>
        makeLane(
          Array.from({ length: runs }, (_, index) =>
            makeLaneRun({
              runNumber: runs - index,
              runType: index < runs - 1 ? "retry" : "regular",
              originRunNumber: index < runs - 1 ? runs - index - 1 : null,
              status: "failed",
            }),
          ),
        ),
      ),
    }) as unknown as AtmWorkflowExecution;
  const lines = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      entry(
        index,
        index % 50 === 0 ? "error" : "info",
        `[Lane: ${(index % 10) + 1}, Run: ${(index % 10) + 1}] Lane run step ${index}.`,
      ),
    );

  test("the page around an execution stays within 16 kB; 10 lanes, 10 runs and 1 000 entries within 300 kB", () => {
    const template = renderExecutionReport({ execution: big(0, 0), now });
    expect(Buffer.byteLength(template)).toBeLessThanOrEqual(16_000);
    const report = renderExecutionReport({ execution: big(10, 10), auditLog: lines(1_000), now });
    expect(Buffer.byteLength(report)).toBeLessThanOrEqual(300_000);
  });
});
