import { describe, expect, it } from "vitest";
import { render } from "@testing-library/react";
import { Markdown } from "./Markdown";

const SAMPLE = `## Binary search

Intro with $O(\\log n)$ steps.

- halve
- compare

\`\`\`typescript
const a = 1;
\`\`\`

| n | steps at most |
|---:|---:|
| 1 000 | 10 |
| 1 000 000 | 20 |

The number of steps is

$$
\\lceil \\log_2 (n + 1) \\rceil
$$

> Sorted input is the one requirement.
`;

describe("a streamed answer", () => {
  it("ends as the whole text renders, table included", () => {
    const tokens = SAMPLE.split(/(?<=\s)(?=\S)/);
    let text = "";
    const { rerender, container } = render(<Markdown text="" />);
    for (const token of tokens) {
      text += token;
      rerender(<Markdown text={text} />);
    }
    expect(container.querySelectorAll("table")).toHaveLength(1);
  });
});
