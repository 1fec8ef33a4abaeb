/**
 * The report's one style block. The page's policy allows this block and no other, by its hash
 * (`STYLE_HASH`, which a test recomputes): change one, and the test gives the other.
 * Colours are Okabe–Ito's, told apart with colour blindness; every status also has a symbol and a
 * word, so that colour is never the only sign.
 */
export const STYLE = `:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#595959;--line:#c8c8c8;--ok:#007a5a;--failed:#b84a00;--crashed:#a3487f;--cancelled:#595959;--suspended:#8a6d00;--ongoing:#0072b2;--waiting:#2e7fa8}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#161616;--muted:#a8a8a8;--line:#444;--ok:#3fc89c;--failed:#ff8a4c;--crashed:#e79ccb;--cancelled:#b0b0b0;--suspended:#f0e442;--ongoing:#56b4e9;--waiting:#8fd0f5}}
body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;padding:1rem 1.5rem;max-width:78rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.6rem 0}dt{color:var(--muted)}dd{margin:0}
code,pre,.id{font-family:ui-monospace,monospace;font-size:.9em;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.4rem 0}caption{text-align:left;color:var(--muted);padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
.note{color:var(--muted)}.s{font-weight:600}
.ok{color:var(--ok)}.failed{color:var(--failed)}.crashed{color:var(--crashed)}.cancelled{color:var(--cancelled)}.suspended{color:var(--suspended)}.ongoing{color:var(--ongoing)}.waiting{color:var(--waiting)}.unknown{color:var(--muted)}
.timeline{max-width:60rem;display:block}.timeline .bar{fill:var(--ongoing)}.timeline .mark{fill:var(--failed)}.timeline .label{fill:var(--fg);font-size:12px}
@media print{body{max-width:none;padding:0}a{color:inherit}section{break-inside:avoid-page}}
@media (forced-colors:active){.s{forced-color-adjust:auto}th,td{border-color:CanvasText}.timeline .bar{fill:Highlight}.timeline .mark,.timeline .label{fill:CanvasText}}`;

/** `sha256-…` of {@link STYLE}, as the page's policy names it. */
export const STYLE_HASH = "sha256-KuQN3B2gYhD/nKbhb00Vm3m2Iczgqgeej0Dk8GMUsG0=";
