/**
 * Control characters a terminal would act on: C0 (but tab and newline), DEL, C1 (ESC's 8-bit twins),
 * and the bidirectional overrides that reorder what is shown.
 */
const controls = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const lineControls = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const visible = (character: string) =>
  character === "\t" ? " " : `\\u{${character.codePointAt(0)!.toString(16).padStart(2, "0")}}`;

/**
 * Server-sent text made harmless for a terminal: each control character is shown as `\u{1b}` and the
 * like instead of being acted on, so a workflow name cannot retitle the window or clear the screen.
 * Newlines stay; see {@link terminalLine} for text that must stay on one line.
 */
export function terminalText(text: string): string {
  return text.replace(controls, visible);
}

/** {@link terminalText} for one line of output: newlines are shown escaped too. */
export function terminalLine(text: string): string {
  return text.replace(lineControls, visible);
}

/** What JSON.stringify leaves as it is yet a terminal acts on: DEL, C1 and the bidirectional controls. */
const jsonControls = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text safe to print: the characters JSON.stringify leaves raw but a terminal would act on are
 * written as `\u009b` and the like. They can stand only inside strings, so the JSON means the same.
 */
export function terminalJson(json: string): string {
  return json.replace(
    jsonControls,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Text as one line: line breaks and the blanks around them become one space. Linear in the length of
 * the text, where a regular expression like `\s*\n\s*` backtracks quadratically over long blank runs.
 */
export function joinLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

/** Whether a code point takes two columns in a terminal (East Asian wide and fullwidth, emoji). */
function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** How many columns one character takes: combining marks none, wide characters two. */
export function columnsOfCharacter(character: string): number {
  const codePoint = character.codePointAt(0)!;
  if (codePoint >= 0x300 && codePoint <= 0x36f) return 0;
  return isWide(codePoint) ? 2 : 1;
}

/** How many columns a line of text (with no control characters) takes in a terminal. */
export function columnsOf(line: string): number {
  let width = 0;
  for (const character of line) width += columnsOfCharacter(character);
  return width;
}

/** How many screen rows `text` takes on a terminal `columns` wide, long lines wrapping. */
export function screenRows(text: string, columns: number): number {
  return text
    .split("\n")
    .reduce((rows, line) => rows + Math.max(1, Math.ceil(columnsOf(line) / Math.max(1, columns))), 0);
}
