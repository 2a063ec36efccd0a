/**
 * What chat answers may not do: run HTML, link to script URLs, load images. Used by Markdown.tsx; the tests in
 * Markdown.test.tsx show each rule.
 */
import type { Element, ElementContent, Root, RootContent } from "hast";

/** Schemes a link may use. Anything else (javascript:, vbscript:, data:, file:, …) is not clickable. */
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * The URL to put on a link, or `undefined` when it must not be clickable. The markdown parser has already decoded
 * character references (`&#106;avascript:` arrives as `javascript:`), so this only looks at the URL as a browser
 * would read it: leading and trailing spaces and control characters dropped, tabs and line breaks inside removed.
 * A URL whose first `:` comes before any `/`, `\`, `?` or `#` has a scheme, and it must be on the allowlist
 * (case-insensitive). A URL starting with two slashes of which one is a backslash (`\\host`, `/\host`, `\/host`)
 * is dropped: browsers read it as `//host`, another site, while it looks relative. Everything else is relative
 * (`/x`, `x/y`, `#fn-1`, `?q`) or protocol-relative (`//host`), which stay.
 */
export function safeUrl(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const value = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  if (value === "") return undefined;
  // the markdown parser hands a backslash over percent-encoded (%5C); a browser would keep that one relative, but
  // such a link is a trick either way
  if (/^(?:[/\\]|%5c){2}/i.test(value) && !value.startsWith("//")) return undefined;
  const colon = value.indexOf(":");
  if (colon === -1) return value;
  const firstDelimiter = value.search(/[/\\?#]/);
  if (firstDelimiter !== -1 && firstDelimiter < colon) return value;
  return ALLOWED_SCHEMES.has(value.slice(0, colon).toLowerCase()) ? value : undefined;
}

/** Whether a (safe) link leaves the app: absolute http(s) or protocol-relative. */
export function isExternal(href: string): boolean {
  return /^(https?:)?\/\//i.test(href);
}

/**
 * Rehype plugin: markdown images become labels ("🖼 alt") linking to the image instead of `<img>` elements, so
 * nothing is fetched from another site (the CSP only allows our own images anyway) and no tracking pixel loads.
 * Inside a link the label is plain text (an `<a>` must not contain another). The link's URL is checked by
 * {@link safeUrl} afterwards like every other link.
 */
export function rehypeImagesAsLinks() {
  return (tree: Root) => replaceImages(tree, false);
}

function replaceImages(parent: Root | Element, insideLink: boolean) {
  parent.children = parent.children.map((child: RootContent): RootContent => {
    if (child.type !== "element") return child;
    if (child.tagName === "img") return imageLabel(child, insideLink);
    replaceImages(child, insideLink || child.tagName === "a");
    return child;
  }) as typeof parent.children;
}

function imageLabel(img: Element, insideLink: boolean): Element {
  const alt = typeof img.properties.alt === "string" && img.properties.alt.trim() ? img.properties.alt : "image";
  const children: ElementContent[] = [
    { type: "element", tagName: "span", properties: { ariaHidden: "true" }, children: [{ type: "text", value: "🖼 " }] },
    { type: "text", value: alt },
  ];
  const src = typeof img.properties.src === "string" ? img.properties.src : "";
  if (insideLink || !src) return { type: "element", tagName: "span", properties: { className: ["md-image"] }, children };
  return {
    type: "element",
    tagName: "a",
    properties: { href: src, className: ["md-image"], title: typeof img.properties.title === "string" ? img.properties.title : undefined },
    children,
  };
}

/**
 * Rehype plugin: raw HTML from the text (react-markdown hands it over as `raw` nodes, never parsed) becomes
 * text, so `<b>x</b>` reads as typed. An HTML block on its own gets a paragraph (keeping its line breaks) so it
 * doesn't run into the text around it.
 */
export function rehypeRawAsText() {
  return (tree: Root) => rawAsText(tree);
}

function rawAsText(parent: Root | Element) {
  const flow = parent.type === "root" || parent.tagName === "blockquote";
  parent.children = parent.children.map((child: RootContent): RootContent => {
    if (child.type === "element") rawAsText(child);
    if (child.type !== "raw") return child;
    const text = { type: "text" as const, value: child.value };
    return flow ? { type: "element", tagName: "p", properties: { className: ["md-raw"] }, children: [text] } : text;
  }) as typeof parent.children;
}
