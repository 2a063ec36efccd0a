import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Markdown } from "./Markdown";

function renderMarkdown(text: string) {
  return render(<Markdown text={text} />).container;
}

/** Every attribute name in the rendered output. */
function attributeNames(container: HTMLElement): string[] {
  return [...container.querySelectorAll("*")].flatMap((element) => element.getAttributeNames());
}

describe("Markdown", () => {
  it("renders GFM tables, strikethrough, task lists and autolinks", () => {
    const container = renderMarkdown(
      [
        "| Model | Price |",
        "| ----- | ----: |",
        "| small | 1 |",
        "| large | 10 |",
        "",
        "~~gone~~ and www.example.com",
        "",
        "- [x] done",
        "- [ ] todo",
      ].join("\n"),
    );

    const table = screen.getByRole("table");
    expect(table.querySelectorAll("th")).toHaveLength(2);
    expect([...table.querySelectorAll("td")].map((td) => td.textContent)).toEqual(["small", "1", "large", "10"]);
    expect(table.parentElement?.className).toContain("md-table"); // scrolls sideways in its own box
    expect(container.querySelector("del")?.textContent).toBe("gone");
    expect(screen.getByRole("link", { name: "www.example.com" }).getAttribute("href")).toBe("http://www.example.com");
    const boxes = screen.getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes.map((box) => box.checked)).toEqual([true, false]);
  });

  it("ends up the same when the text streams in as when it comes at once", () => {
    const text = [
      "# Plan", "", "Intro with **bold** and a [link](https://example.com).", "", "1. first", "", "   more on first",
      "", "2. second", "", "> quoted", "", "| a | b |", "|---|---|", "| 1 | 2 |", "", "```text", "x", "", "y", "```",
      "", "- [ ] task", "- [x] done", "", "The end.",
    ].join("\n");
    const whole = render(<Markdown text={text} />).container.innerHTML;
    const { container, rerender } = render(<Markdown text="" />);
    for (let end = 1; end <= text.length; end += 3) rerender(<Markdown text={text.slice(0, end)} />);
    rerender(<Markdown text={text} />);
    expect(container.innerHTML).toBe(whole);
    expect(container.querySelectorAll("ol > li")).toHaveLength(2); // one loose list, not two
  });

  it("shows raw HTML as text and never creates its elements", () => {
    const container = renderMarkdown(
      [
        "<script>alert(1)</script>",
        "",
        "<img src=x onerror=alert(1)>",
        "",
        "Some <b>bold</b> and <iframe src=\"https://evil.example\"></iframe> and <a href=\"javascript:alert(1)\">a</a>",
        "",
        "<div onclick=\"alert(1)\">block</div>",
      ].join("\n"),
    );

    expect(container.querySelector("script, img, b, iframe, .md div, a")).toBeNull();
    expect(attributeNames(container).filter((name) => name.toLowerCase().startsWith("on"))).toEqual([]);
    expect(container.textContent).toContain("<script>alert(1)</script>");
    expect(container.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(container.textContent).toContain("Some <b>bold</b> and");
    // An HTML block reads as its own paragraph, not run into its neighbours.
    expect([...container.querySelectorAll("p")].map((p) => p.textContent)).toContain("<div onclick=\"alert(1)\">block</div>");
  });

  it.each([
    ["plain", "[x](javascript:alert(1))"],
    ["mixed case", "[x](JaVaScRiPt:alert(1))"],
    ["surrounding spaces", "[x]( javascript:alert(1) )"],
    ["a tab in the scheme", "[x](<java\tscript:alert(1)>)"],
    ["a space in the scheme", "[x](<java script:alert(1)>)"],
    ["an encoded letter", "[x](&#106;avascript:alert(1))"],
    ["an encoded colon", "[x](&#x6A;avascript&colon;alert(1))"],
    ["an encoded tab", "[x](java&#9;script:alert(1))"],
    ["a leading control character", "[x](&#1;javascript:alert(1))"],
    ["vbscript", "[x](vbscript:msgbox(1))"],
    ["a data: URL", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["a file: URL", "[x](file:///etc/passwd)"],
    ["a reference definition", "[x][evil]\n\n[evil]: javascript:alert(1)"],
  ])("does not make a link with %s clickable", (_, text) => {
    const container = renderMarkdown(text);
    expect(container.querySelector("a")).toBeNull();
    expect(container.textContent).toBe("x");
  });

  it("does not make an autolink with a javascript: scheme clickable", () => {
    const container = renderMarkdown("<javascript:alert(1)>");
    expect(container.querySelector("a")).toBeNull();
    expect(container.textContent).toBe("javascript:alert(1)");
  });

  it("opens external links in a new tab without opener or referrer, keeps relative and mailto links", () => {
    renderMarkdown("[docs](https://example.com/docs) [home](/settings) [note](#top) [mail](mailto:a@example.com)");

    const external = screen.getByRole("link", { name: "docs" });
    expect(external.getAttribute("href")).toBe("https://example.com/docs");
    expect(external.getAttribute("target")).toBe("_blank");
    expect(external.getAttribute("rel")?.split(" ")).toEqual(expect.arrayContaining(["noopener", "noreferrer", "nofollow"]));
    expect(screen.getByRole("link", { name: "home" }).getAttribute("href")).toBe("/settings");
    expect(screen.getByRole("link", { name: "home" }).hasAttribute("target")).toBe(false);
    expect(screen.getByRole("link", { name: "note" }).getAttribute("href")).toBe("#top");
    expect(screen.getByRole("link", { name: "mail" }).getAttribute("href")).toBe("mailto:a@example.com");
  });

  it("shows a link that starts with a backslash (read by browsers as //host) as text", () => {
    // in markdown source `\\\\` is one escaped backslash pair: the hrefs are \\evil.example, /\evil.example, \/evil.example
    const container = renderMarkdown("[a](\\\\\\\\evil.example) [b](/\\evil.example) [c](\\\\/evil.example) [d](//example.com)");

    expect(screen.queryByRole("link", { name: "a" })).toBeNull();
    expect(screen.queryByRole("link", { name: "b" })).toBeNull();
    expect(screen.queryByRole("link", { name: "c" })).toBeNull();
    expect(container.textContent).toContain("a b c");
    expect(screen.getByRole("link", { name: "d" }).getAttribute("target")).toBe("_blank");
  });

  it("shows images as a labelled link and never loads them", () => {
    const container = renderMarkdown(
      "![cat](https://evil.example/cat.png) ![pixel](data:image/png;base64,AAAA) [![logo](https://evil.example/l.png)](https://example.com)",
    );

    expect(container.querySelector("img")).toBeNull();
    const cat = screen.getByRole("link", { name: /cat/ });
    expect(cat.getAttribute("href")).toBe("https://evil.example/cat.png");
    expect(cat.getAttribute("rel")).toContain("noopener");
    expect(cat.textContent).toBe("🖼 cat");
    expect(container.textContent).toContain("🖼 pixel");
    expect(screen.queryByRole("link", { name: /pixel/ })).toBeNull(); // data: is not clickable either
    const wrapping = screen.getByRole("link", { name: /logo/ }); // the image inside a link: a label, not a nested link
    expect(wrapping.getAttribute("href")).toBe("https://example.com");
    expect(wrapping.querySelector("a")).toBeNull();
  });

  describe("code blocks", () => {
    function stubClipboard(writeText: (text: string) => Promise<void>) {
      Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    }
    afterEach(() => {
      delete (navigator as { clipboard?: unknown }).clipboard;
    });

    it("has a language label and a copy button that copies the code", async () => {
      const writeText = vi.fn().mockResolvedValue(undefined);
      stubClipboard(writeText);
      renderMarkdown("Before\n\n```ts\nconst answer: number = 42;\nconsole.log(answer);\n```\n");

      expect(screen.getByText("ts")).toBeTruthy();
      fireEvent.click(screen.getByRole("button", { name: /copy/i }));

      expect(await screen.findByText("Copied")).toBeTruthy();
      expect(writeText).toHaveBeenCalledWith("const answer: number = 42;\nconsole.log(answer);");
    });

    it("says so when copying is not possible", async () => {
      stubClipboard(vi.fn().mockRejectedValue(new Error("denied")));
      renderMarkdown("```\nx\n```");

      fireEvent.click(screen.getByRole("button", { name: /copy/i }));

      expect(await screen.findByText("Copy failed")).toBeTruthy();
    });

    it("highlights a known language once Shiki has loaded, keeping the same text", async () => {
      const code = 'const greeting = "hello";\nfunction hi() {\n  return greeting;\n}';
      const container = renderMarkdown("```typescript\n" + code + "\n```");
      const codeElement = () => container.querySelector("pre code")!;
      expect(codeElement().textContent).toBe(code); // plain while Shiki loads

      await waitFor(() => expect(codeElement().querySelector("span[style*='--shiki-light']")).not.toBeNull(), {
        timeout: 10_000,
      });
      expect(codeElement().textContent).toBe(code);
      const keyword = [...codeElement().querySelectorAll<HTMLElement>("span[style]")].find((s) => s.textContent === "const");
      expect(keyword?.style.getPropertyValue("--shiki-dark")).toMatch(/^#/);
    });

    it("highlights a block that streams in, ending with all of it highlighted", async () => {
      const code = "def area(r):\n    # circle\n    return 3.14159 * r ** 2\n\nprint(area(2))";
      const { container, rerender } = render(<Markdown text="Here:\n\n```" />);
      for (let end = 1; end <= code.length; end += 4) {
        rerender(<Markdown text={"Here:\n\n```python\n" + code.slice(0, end)} />);
        await new Promise((resolve) => setTimeout(resolve, 15));
        // Never loses, doubles or reorders text while highlighting catches up (trailing newlines may not show yet).
        const shown = container.querySelector("pre code")!.textContent!;
        expect(code.startsWith(shown) && shown.length >= code.slice(0, end).trimEnd().length).toBe(true);
      }
      rerender(<Markdown text={"Here:\n\n```python\n" + code + "\n```\n\nDone."} />);

      const lastLine = () =>
        [...container.querySelectorAll<HTMLElement>("pre code span[style]")].filter((s) => s.textContent === "print");
      await waitFor(() => expect(lastLine()).toHaveLength(1), { timeout: 10_000 });
      expect(container.querySelector("pre code")!.textContent).toBe(code);
      expect(screen.getByText("python")).toBeTruthy();
    });

    it("leaves an unknown language plain and labelled", async () => {
      const container = renderMarkdown("```klingon\nQapla'\n```");
      expect(screen.getByText("klingon")).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(container.querySelector("pre code span")).toBeNull();
      expect(container.querySelector("pre code")?.textContent).toBe("Qapla'");
    });
  });

  describe("math", () => {
    it("renders $…$ and $$…$$ with KaTeX once it has loaded", async () => {
      const container = renderMarkdown(
        "Euler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n\nOne line:\n\n$$\\sum_{k=1}^n k$$\n",
      );

      await waitFor(() => expect(container.querySelector(".katex")).not.toBeNull(), { timeout: 10_000 });
      expect(container.querySelectorAll(".katex")).toHaveLength(3);
      expect(container.querySelectorAll(".katex-display")).toHaveLength(2);
      expect(container.textContent).not.toContain("$");
    });

    it("understands \\( \\) and \\[ \\] delimiters", async () => {
      const container = renderMarkdown("Inline \\(a^2\\) and\n\n\\[\nb^2\n\\]\n");

      await waitFor(() => expect(container.querySelectorAll(".katex")).toHaveLength(2), { timeout: 10_000 });
      expect(container.querySelector(".katex-display")).not.toBeNull();
    });

    it("keeps KaTeX untrusted: \\href makes no link, \\htmlData no attribute", async () => {
      const container = renderMarkdown("$\\href{javascript:alert(1)}{click}$ and $\\htmlData{evil=1}{x}$ and $y$");

      await waitFor(() => expect(container.querySelector(".katex")).not.toBeNull(), { timeout: 10_000 });
      expect(container.querySelector("a")).toBeNull();
      expect(container.querySelector("[data-evil]")).toBeNull();
    });

    it("caps sizes a formula sets itself at 10em and stops runaway macros", async () => {
      const container = renderMarkdown(
        "$\\rule{1000em}{1000em}$ and $\\rule{3em}{500em}$ and $\\def\\a{\\a\\a}\\a$ and $z$",
      );

      await waitFor(() => expect(container.querySelectorAll(".katex")).toHaveLength(3), { timeout: 10_000 });
      const sizes = [...container.querySelectorAll<HTMLElement>(".katex [style]")]
        .flatMap((element) => [...element.getAttribute("style")!.matchAll(/(-?[\d.]+)em/g)].map((m) => Math.abs(Number(m[1]))));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(10.5);
      // the endless macro does not hang the page: it is shown as an error (the source), not rendered
      expect(container.textContent).toContain("\\def");
    });
  });
});
