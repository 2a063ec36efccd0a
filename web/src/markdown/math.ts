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

// `trust: false` keeps \href, \url, \includegraphics and \html* commands from producing links, images or
// attributes; `strict: "ignore"` keeps KaTeX quiet about LaTeX it accepts anyway; macros can't expand forever.
export const rehypePlugins: PluggableList = [[rehypeKatex, { trust: false, strict: "ignore", maxExpand: 1000 }]];
