import { describe, expect, it } from "vitest";
import { splitBlocks } from "./blocks";

describe("splitBlocks", () => {
  it("splits at blank lines between top-level blocks, keeping all the text", () => {
    const text = "# Title\n\nA paragraph\nstill it.\n\n> quote\n\n| a |\n|---|\n| 1 |\n";
    const blocks = splitBlocks(text);
    expect(blocks).toEqual(["# Title\n", "A paragraph\nstill it.\n", "> quote\n", "| a |\n|---|\n| 1 |\n"]);
    expect(blocks.join("\n")).toBe(text);
  });

  it("keeps fenced code and $$ math with blank lines inside together", () => {
    const text = "Code:\n\n```py\ndef f():\n\n    return 1\n```\n\n$$\na\n\nb\n$$\n\nEnd";
    expect(splitBlocks(text)).toEqual(["Code:\n", "```py\ndef f():\n\n    return 1\n```\n", "$$\na\n\nb\n$$\n", "End"]);
  });

  it("keeps a loose list and its indented content together", () => {
    const text = "Steps:\n\n1. one\n\n   more about one\n\n2. two\n\n   ```sh\n   ls\n\n   ```\n\nDone.";
    expect(splitBlocks(text)).toEqual([
      "Steps:\n",
      "1. one\n\n   more about one\n\n2. two\n\n   ```sh\n   ls\n\n   ```\n",
      "Done.",
    ]);
  });

  it("does not split text with link or footnote definitions", () => {
    const text = "See [the docs][d] and a note[^1].\n\nMore.\n\n[d]: https://example.com\n[^1]: The note.";
    expect(splitBlocks(text)).toEqual([text]);
  });

  it("handles an unfinished fence while streaming", () => {
    expect(splitBlocks("Intro\n\n```js\nlet a;\n\n")).toEqual(["Intro\n", "```js\nlet a;\n\n"]);
  });
});
