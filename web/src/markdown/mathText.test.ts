import { describe, expect, it } from "vitest";
import { mayContainMath, normalizeMathDelimiters } from "./mathText";

describe("normalizeMathDelimiters", () => {
  it("turns LaTeX delimiters into dollars", () => {
    expect(normalizeMathDelimiters("Area \\(\\pi r^2\\) and \\[x\\] inline")).toBe("Area $\\pi r^2$ and $$x$$ inline");
    expect(normalizeMathDelimiters("Then:\n\\[\n  a = b\n\\]\ndone")).toBe("Then:\n$$\n  a = b\n$$\ndone");
    expect(normalizeMathDelimiters("  \\[ e = mc^2 \\]")).toBe("  $$\n  e = mc^2\n  $$");
  });

  it("makes $$…$$ alone on a line display math", () => {
    expect(normalizeMathDelimiters("Sum:\n$$\\sum k$$\nok")).toBe("Sum:\n$$\n\\sum k\n$$\nok");
    expect(normalizeMathDelimiters("inline $$x$$ stays")).toBe("inline $$x$$ stays");
    expect(normalizeMathDelimiters("$$a$$ and $$b$$")).toBe("$$a$$ and $$b$$");
  });

  it("leaves code alone", () => {
    const fenced = "```latex\n\\[\n\\(x\\)\n\\]\n```\nafter \\(y\\)";
    expect(normalizeMathDelimiters(fenced)).toBe("```latex\n\\[\n\\(x\\)\n\\]\n```\nafter $y$");
    expect(normalizeMathDelimiters("use `\\(x\\)` for \\(x\\)")).toBe("use `\\(x\\)` for $x$");
    expect(normalizeMathDelimiters("~~~~\n\\(a\\)\n~~~\n\\(b\\)\n~~~~")).toBe("~~~~\n\\(a\\)\n~~~\n\\(b\\)\n~~~~");
  });

  it("leaves text without them as it is", () => {
    const text = "Prices: $5 and \\[not closed";
    expect(normalizeMathDelimiters(text)).toBe(text);
  });
});

describe("mayContainMath", () => {
  it("is true for dollars in text and ```math blocks", () => {
    expect(mayContainMath("area $\\pi r^2$")).toBe(true);
    expect(mayContainMath("```math\nx^2\n```")).toBe(true);
  });

  it("is false for dollars only in code, so shell snippets don't load KaTeX", () => {
    expect(mayContainMath("Run:\n\n```sh\necho $HOME\n```\n\nor `echo $PATH`.")).toBe(false);
    expect(mayContainMath("no math here")).toBe(false);
  });
});
