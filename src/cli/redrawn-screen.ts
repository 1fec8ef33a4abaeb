import { columnsOf, columnsOfCharacter, screenRows } from "./terminal-text.js";

interface Terminal {
  columns?: number;
  write(text: string): unknown;
}

/**
 * A frame redrawn in place on a terminal: up to where the last one began, clear to the end, draw again.
 * It moves up by screen rows, not lines: a line wider than the terminal wraps onto more rows, and
 * moving up by lines would leave pieces of the earlier frame behind. Lines are also cut to the width,
 * so that a terminal that reflows on resize has less to reflow.
 */
export function redrawnScreen(terminal: Terminal) {
  let rowsDrawn = 0;
  let frame = "";
  let notice = "";
  let footer = "";
  const render = () => {
    const columns = terminal.columns && terminal.columns > 1 ? terminal.columns : 80;
    const text = [frame, notice, footer]
      .filter((part) => part !== "")
      .join("\n")
      .split("\n")
      .map((line) => fitted(line, columns - 1))
      .join("\n");
    terminal.write(`${rowsDrawn > 0 ? `\x1b[${rowsDrawn}F\x1b[J` : ""}${text}\n`);
    rowsDrawn = screenRows(text, columns);
  };
  return {
    /** A new state: drawn, and any notice of a failure cleared. */
    draw(text: string) {
      frame = text;
      notice = "";
      render();
    },
    /** A line under the frame, such as "retrying", until the next state. */
    note(text: string) {
      notice = text;
      render();
    },
    /** The last line, kept across states: when the frame was last checked, how to stop. */
    footer(text: string) {
      footer = text;
      render();
    },
  };
}

/** A line cut to `width` columns, marked with "…" where it was cut. */
function fitted(line: string, width: number): string {
  if (columnsOf(line) <= width) return line;
  let result = "";
  let used = 0;
  for (const character of line) {
    used += columnsOfCharacter(character);
    if (used > width - 1) break;
    result += character;
  }
  return `${result}…`;
}
