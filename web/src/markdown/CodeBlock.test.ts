import { describe, expect, it } from "vitest";
import { highlightGrowing } from "./CodeBlock";
import { loadTokenizer, type ThemedToken } from "./highlight";

const plain = (lines: ThemedToken[][]) => lines.map((line) => line.map((t) => [t.content, t.htmlStyle]));

describe("highlightGrowing", () => {
  it("gives the same tokens growing piece by piece as all at once, tokenising only what was added", async () => {
    const tokenize = (await loadTokenizer("ts"))!;
    const code = "const s = `multi\nline ${x} still\n` + 1;\n/* a\ncomment */ let y = 2;\nfunction f() {\n  return y;\n}";
    let calls: string[] = [];
    const counting = (text: string, state?: Parameters<typeof tokenize>[1]) => {
      calls.push(text);
      return tokenize(text, state);
    };

    let grown: ReturnType<typeof highlightGrowing> | null = null;
    for (let end = 1; end <= code.length; end += 7) {
      calls = [];
      const settledBefore = grown?.settled.text.length ?? 0;
      grown = highlightGrowing(counting, code.slice(0, end), grown);
      // Lines settled earlier (up to their last newline) are never tokenised again.
      expect(calls.join("").length).toBe(end - settledBefore);
    }
    grown = highlightGrowing(counting, code, grown);

    expect(grown.text).toBe(code);
    expect(plain(grown.lines)).toEqual(plain(tokenize(code).lines));
  });

  it("starts over when the code changed rather than grew", async () => {
    const tokenize = (await loadTokenizer("js"))!;
    const first = highlightGrowing(tokenize, "let a = 1;\nlet b = 2;", null);
    const changed = highlightGrowing(tokenize, "/* x */\nlet b = 2;", first);
    expect(plain(changed.lines)).toEqual(plain(tokenize("/* x */\nlet b = 2;").lines));
  });
});
