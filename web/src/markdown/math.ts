/**
 * The math plugins and KaTeX's stylesheet (fonts included). Only ever loaded with `import()` (see mathLoader.ts):
 * KaTeX is several hundred kilobytes and most answers have no math.
 */
import type { Options } from "react-markdown";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import "katex/dist/katex.min.css";

type PluggableList = NonNullable<Options["remarkPlugins"]>;

export const remarkPlugins: PluggableList = [remarkMath];

/**
 * What a formula in an answer may do. `trust: false` keeps \href, \url, \includegraphics and \html* commands
 * from producing links, images or attributes; `maxSize` caps every size a formula sets itself (\rule, \kern,
 * \hspace, \raisebox…) at 10em, so no formula can draw a box over the page or push text off it; `maxExpand`
 * stops macros that expand forever (or a million times); `strict: "ignore"` keeps KaTeX quiet about LaTeX it
 * accepts anyway (rather than failing the formula).
 */
export const katexOptions = { trust: false, strict: "ignore", maxSize: 10, maxExpand: 1000 } as const;

export const rehypePlugins: PluggableList = [[rehypeKatex, katexOptions]];
