import { memo, useMemo, type ComponentPropsWithoutRef } from "react";
import ReactMarkdown, { type Components, type ExtraProps, type Options } from "react-markdown";
import remarkGfm from "remark-gfm";
import type { Element, ElementContent } from "hast";
import { CodeBlock } from "./CodeBlock";
import { isExternal, rehypeImagesAsLinks, rehypeRawAsText, safeUrl } from "./sanitize";
import { mayContainMath, normalizeMathDelimiters } from "./mathText";
import { useMathPlugins, type MathPlugins } from "./mathLoader";
import { splitBlocks } from "./blocks";
import "./markdown.css";

type Plugins = NonNullable<Options["remarkPlugins"]>;

interface PluginLists {
  remark: Plugins;
  rehype: Plugins;
}

const WITHOUT_MATH: PluginLists = { remark: [remarkGfm], rehype: [rehypeRawAsText, rehypeImagesAsLinks] };

let withMathLists: PluginLists | null = null;

function withMath(math: MathPlugins): PluginLists {
  withMathLists ??= {
    remark: [...WITHOUT_MATH.remark, ...math.remarkPlugins],
    rehype: [...math.rehypePlugins, ...WITHOUT_MATH.rehype],
  };
  return withMathLists;
}

/**
 * Renders an answer's markdown (GFM; math once KaTeX has loaded, if the text has any). Raw HTML in the text is
 * shown as text, never as elements; links are only clickable for http(s), mailto and relative URLs; images show
 * as labelled links, never load.
 *
 * Cheap to update: memoised on `text` (of hundreds of messages only the streaming one re-renders), and the text is
 * rendered block by block (see splitBlocks), so a streaming answer only parses its last block again.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const source = useMemo(() => normalizeMathDelimiters(text), [text]);
  const blocks = useMemo(() => splitBlocks(source), [source]);
  const math = useMathPlugins(mayContainMath(source));
  const plugins = math ? withMath(math) : WITHOUT_MATH;
  return (
    <div className="md">
      {blocks.map((block, index) => (
        <Block key={index} text={block} plugins={plugins} />
      ))}
    </div>
  );
});

const Block = memo(function Block({ text, plugins }: { text: string; plugins: PluginLists }) {
  return (
    <ReactMarkdown
      remarkPlugins={plugins.remark}
      rehypePlugins={plugins.rehype}
      urlTransform={safeUrl}
      components={COMPONENTS}
    >
      {text}
    </ReactMarkdown>
  );
});

function Link({ href, children, node: _node, ...props }: ComponentPropsWithoutRef<"a"> & ExtraProps) {
  // No href: the URL was not safe (see safeUrl). Show the text, not a link.
  if (!href) return <span className={props.className}>{children}</span>;
  const external = isExternal(href);
  return (
    <a {...props} href={href} {...(external ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {})}>
      {children}
    </a>
  );
}

/** Never an <img>: rehypeImagesAsLinks already turned them into labels; this is a second line of defence. */
function Image({ alt }: ComponentPropsWithoutRef<"img"> & ExtraProps) {
  return <span className="md-image">🖼 {alt || "image"}</span>;
}

function Pre({ node }: ComponentPropsWithoutRef<"pre"> & ExtraProps) {
  const code = node?.children.find((child): child is Element => child.type === "element" && child.tagName === "code");
  const classes = code?.properties.className;
  const language = Array.isArray(classes)
    ? (classes.map(String).find((c) => c.startsWith("language-"))?.slice("language-".length) ?? "")
    : "";
  // mdast-util-to-hast ends the code with a newline; the block's code is what was between the fences.
  const text = code ? textOf(code.children).replace(/\n$/, "") : "";
  return <CodeBlock code={text} lang={language} />;
}

function textOf(nodes: ElementContent[]): string {
  return nodes.map((n) => (n.type === "text" ? n.value : n.type === "element" ? textOf(n.children) : "")).join("");
}

function Table({ node: _node, ...props }: ComponentPropsWithoutRef<"table"> & ExtraProps) {
  return (
    <div className="md-table">
      <table {...props} />
    </div>
  );
}

const COMPONENTS: Components = { a: Link, img: Image, pre: Pre, table: Table };
