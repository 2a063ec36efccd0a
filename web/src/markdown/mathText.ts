import { closesFence, fenceOpening } from "./blocks";

const CODE_SPAN = /`+[^`]*?`+/g;
const CODE_SPAN_SPLIT = /(`+[^`]*?`+)/;

/**
 * Models often write LaTeX delimiters (`\(…\)`, `\[…\]`) where remark-math only knows dollars. This rewrites them
 * to `$…$` and `$$…$$` outside code (fenced blocks and inline code spans stay as they are):
 *   - a line that is only `\[` or `\]` becomes `$$` (display math over several lines, indentation kept);
 *   - `\[x\]` alone on a line becomes three lines `$$`, `x`, `$$` (display math);
 *   - `\[x\]` and `\(x\)` inside a line become `$$x$$` and `$x$` (inline math);
 *   - `$$x$$` alone on a line becomes three lines too: remark-math only shows `$$` on their own lines as display
 *     math, but models mostly write it on one line and mean display math.
 */
export function normalizeMathDelimiters(text: string): string {
  if (!text.includes("\\(") && !text.includes("\\[") && !text.includes("$$")) return text;
  const lines = text.split("\n");
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (fence !== null) {
      if (closesFence(lines[i], fence)) fence = null;
      continue;
    }
    fence = fenceOpening(lines[i]);
    if (fence === null) lines[i] = rewriteLine(lines[i]);
  }
  return lines.join("\n");
}

/**
 * Whether remark-math would find math: a `$` outside code, or a ```math block. (Shell code with `$HOME` in it
 * shouldn't load KaTeX.)
 */
export function mayContainMath(text: string): boolean {
  if (!text.includes("$") && !text.includes("math")) return false;
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = fenceOpening(line);
    if (fence !== null) {
      if (/^\s*(`{3,}|~{3,})\s*math\b/.test(line)) return true;
      continue;
    }
    if (withoutCodeSpans(line).includes("$")) return true;
  }
  return false;
}

function withoutCodeSpans(line: string): string {
  return line.replace(CODE_SPAN, "");
}

function rewriteLine(line: string): string {
  const indent = /^\s*/.exec(line)![0];
  const trimmed = line.trim();
  if (trimmed === "\\[" || trimmed === "\\]") return `${indent}$$`;
  const display = /^\\\[(.+)\\\]$/.exec(trimmed) ?? /^\$\$(.+)\$\$$/.exec(trimmed);
  if (display && !/\\\]|\$\$/.test(display[1])) return `${indent}$$\n${indent}${display[1].trim()}\n${indent}$$`;
  // Leave inline code spans alone: split on them and rewrite only the parts between.
  return line
    .split(CODE_SPAN_SPLIT)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/\\\[(.+?)\\\]/g, "$$$$$1$$$$").replace(/\\\((.+?)\\\)/g, "$$$1$$"),
    )
    .join("");
}
