/**
 * Splits markdown into top-level blocks that render the same apart as together, so that while an answer streams
 * only its last block is parsed again (each block is memoised on its text). A split happens at a blank line
 * followed by an unindented line, except:
 *   - inside a fenced code block or a `$$` math block (blank lines belong to them);
 *   - between items of one list (an unindented list marker right after a block that starts with one);
 *   - never when the text has link/footnote definitions (`[x]: …`, `[^1]: …`), which may be used in any block.
 * Splitting never changes what is allowed: every block goes through the same sanitising renderer.
 */
export function splitBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const lines = text.split("\n");
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let math = false;
  let blankBefore = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    if (math) {
      if (line.trim() === "$$") math = false;
      continue;
    }
    if (line.trim() === "") {
      blankBefore = true;
      continue;
    }
    if (blankBefore && i > start && !/^[ \t]/.test(line) && !(LIST_ITEM.test(line) && LIST_ITEM.test(lines[start]))) {
      blocks.push(lines.slice(start, i).join("\n"));
      start = i;
    }
    blankBefore = false;
    fence = fenceOpening(line);
    if (fence === null && line.trim() === "$$") math = true;
  }
  blocks.push(lines.slice(start).join("\n"));
  return blocks;
}

const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

const FENCE = /^\s*(`{3,}|~{3,})/;

/** The fence (e.g. "```") when the line opens a fenced code block, else null. Indented fences count (list items). */
export function fenceOpening(line: string): string | null {
  return FENCE.exec(line)?.[1] ?? null;
}

/** Whether the line closes a block opened with `fence`: the same character, at least as many, nothing else. */
export function closesFence(line: string, fence: string): boolean {
  const close = FENCE.exec(line)?.[1];
  return close !== undefined && close[0] === fence[0] && close.length >= fence.length && line.trim() === close;
}
