import { describe, expect, it } from "vitest";
import { isExternal, safeUrl } from "./sanitize";

describe("safeUrl", () => {
  it.each(["https://example.com/a?b#c", "http://example.com", "HTTPS://EXAMPLE.COM", "mailto:a@example.com", "/chat/1",
    "relative/path:with-colon", "?q=1", "#fn-1", "//example.com/x"])("keeps %s", (url) => {
    expect(safeUrl(url)).toBe(url);
  });

  it.each(["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "\u0001javascript:alert(1)", "vbscript:x", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
    "blob:https://example.com/1", "ftp://example.com", ""])("drops %j", (url) => {
    expect(safeUrl(url)).toBeUndefined();
  });

  // browsers read a backslash as a slash: these go to another site although they look relative
  it.each(["\\\\evil.example/x", "/\\evil.example", "\\/evil.example", " \\\\evil.example", "\u0001\\\\evil.example",
    "/\n\\evil.example", "%5C%5Cevil.example", "/%5cevil.example"])("drops %j (read as //host)", (url) => {
    expect(safeUrl(url)).toBeUndefined();
  });

  it("keeps a single leading backslash relative (same site) and ignores tabs a browser removes", () => {
    expect(safeUrl("\\settings")).toBe("\\settings");
    expect(safeUrl("java\tscript:alert(1)")).toBeUndefined();
    expect(safeUrl("/chat/\t1")).toBe("/chat/1");
    expect(safeUrl("/\t/example.com")).toBe("//example.com"); // what a browser opens: external, in a new tab
    expect(isExternal("//example.com")).toBe(true);
  });
});

describe("isExternal", () => {
  it("is true for absolute and protocol-relative web URLs only", () => {
    expect(["https://a.example", "http://a.example", "//a.example", "/x", "#y", "mailto:a@b"].map(isExternal)).toEqual([
      true, true, true, false, false, false,
    ]);
  });
});
