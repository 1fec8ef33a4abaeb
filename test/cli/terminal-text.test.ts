import { describe, expect, test } from "vitest";
import { redrawnScreen } from "../../src/cli/redrawn-screen.js";
import { columnsOf, joinLines, screenRows, terminalLine, terminalText } from "../../src/cli/terminal-text.js";

describe("terminal text", () => {
  test("control characters are shown escaped; printable text, tabs and (for text) newlines stay", () => {
    expect(terminalLine("a\x1b[2Jb\x07c\x9bd\u202ee\nf\tg")).toBe(
      "a\\u{1b}[2Jb\\u{07}c\\u{9b}d\\u{202e}e\\u{0a}f g",
    );
    expect(terminalText("a\x1bb\nc\td")).toBe("a\\u{1b}b\nc\td");
    expect(terminalLine("Détection ✓ 数据")).toBe("Détection ✓ 数据");
  });

  test("joinLines is linear: a megabyte of blanks around a newline takes no time worth measuring", () => {
    const text = `a${" ".repeat(1_000_000)}\n${" ".repeat(1_000_000)}b`;
    expect(joinLines(text)).toBe("a b");
    expect(joinLines("one\r\n  two \n\n three")).toBe("one two three");
  });

  test("columns and screen rows count wide characters twice and wrap long lines", () => {
    expect(columnsOf("abc")).toBe(3);
    expect(columnsOf("数据")).toBe(4);
    expect(columnsOf("e\u0301")).toBe(1);
    expect(screenRows("x".repeat(25), 10)).toBe(3);
    expect(screenRows("a\n\nb", 10)).toBe(3);
  });
});

describe("a frame redrawn in place", () => {
  function terminal(columns: number) {
    const writes: string[] = [];
    return { columns, writes, write: (text: string) => writes.push(text) };
  }

  test("moves up by the screen rows it drew, and cuts lines wider than the terminal", () => {
    const screen = terminal(20);
    const draw = redrawnScreen(screen);
    draw.draw(`short\n${"x".repeat(50)}\nend`);
    expect(screen.writes[0]).toBe(`short\n${"x".repeat(18)}…\nend\n`);
    draw.draw("next");
    // Three rows drawn (the wide line was cut to fit), so up three rows, clear, draw.
    expect(screen.writes[1]).toBe("\x1b[3F\x1b[Jnext\n");
  });

  test("a notice goes under the frame and is cleared by the next state", () => {
    const screen = terminal(80);
    const draw = redrawnScreen(screen);
    draw.draw("frame");
    draw.note("retrying in 2 s");
    expect(screen.writes[1]).toBe("\x1b[1F\x1b[Jframe\nretrying in 2 s\n");
    draw.draw("frame 2");
    expect(screen.writes[2]).toBe("\x1b[2F\x1b[Jframe 2\n");
  });

  test("wide characters are cut by columns, not characters", () => {
    const screen = terminal(7);
    redrawnScreen(screen).draw("数据数据数据");
    expect(screen.writes[0]).toBe("数据…\n");
  });
});
