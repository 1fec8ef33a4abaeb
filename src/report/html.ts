/**
 * Characters that would reorder or hide what is shown (the bidirectional controls, as the tool's
 * terminal text treats them) or that HTML would not show at all (C0 but tab and newline, DEL, C1).
 */
const hidden = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const special: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Any text as HTML text or an attribute's value: markup characters escaped, and the characters that
 * would act instead of showing written as `\u{202e}` and the like. Server strings (names, ids, what a
 * user's lambda wrote in the audit log) only ever reach the page through here.
 */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(hidden, (character) => `\\u{${character.codePointAt(0)!.toString(16).padStart(2, "0")}}`)
    .replace(/[&<>"']/g, (character) => special[character]!);
}

/**
 * JSON inside a `<script type="application/json">` block: `<` is written `\u003c`, so that no string
 * can close the block (`</script>`) or open a comment; the JSON means the same.
 */
export function jsonDataBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
