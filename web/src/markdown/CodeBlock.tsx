import { memo, useEffect, useRef, useState, type CSSProperties } from "react";
import { CheckIcon, CopyIcon } from "../ui/icons";
import { loadTokenizer, type GrammarState, type ThemedToken, type Tokenizer } from "./highlight";

/** While a block grows (a streaming answer), highlight at most this often; the new text shows plain meanwhile. */
const HIGHLIGHT_INTERVAL_MS = 200;

/** What has been highlighted: `text` is a prefix of the block's code, `lines` its tokens. */
interface Highlighted {
  text: string;
  lines: ThemedToken[][];
  /** The complete lines (up to and including the last newline), kept to continue from when the code grows. */
  settled: { text: string; lines: ThemedToken[][]; state: GrammarState | undefined };
}

const NOTHING_SETTLED: Highlighted["settled"] = { text: "", lines: [], state: undefined };

/**
 * Highlights `code`, reusing what was done for a shorter version of it: only lines added since are tokenised
 * (from the grammar state where the settled lines ended), so a streaming block costs a few lines per update.
 */
export function highlightGrowing(tokenize: Tokenizer, code: string, previous: Highlighted | null): Highlighted {
  let settled = previous && code.startsWith(previous.settled.text) ? previous.settled : NOTHING_SETTLED;
  const cut = code.lastIndexOf("\n") + 1;
  if (cut > settled.text.length) {
    // Text ending in a newline tokenises to its lines plus an empty last one: drop that.
    const added = tokenize(code.slice(settled.text.length, cut), settled.state);
    settled = { text: code.slice(0, cut), lines: settled.lines.concat(added.lines.slice(0, -1)), state: added.state };
  }
  const tail = code.slice(cut);
  const tailLine = tail ? tokenize(tail, settled.state).lines : [[]];
  return { text: code, lines: settled.lines.concat(tailLine), settled };
}

/** The code highlighted so far, for this language (null until the tokenizer has loaded, or if there is none). */
function useHighlighted(code: string, lang: string): Highlighted | null {
  const [highlighted, setHighlighted] = useState<{ lang: string; result: Highlighted } | null>(null);
  const lastRun = useRef(0);
  const latest = useRef<{ lang: string; result: Highlighted } | null>(null);

  useEffect(() => {
    if (!lang || (latest.current?.lang === lang && latest.current.result.text === code)) return;
    let cancelled = false;
    const wait = Math.max(0, lastRun.current + HIGHLIGHT_INTERVAL_MS - Date.now());
    const timer = setTimeout(() => {
      void loadTokenizer(lang).then((tokenize) => {
        if (cancelled || !tokenize) return;
        lastRun.current = Date.now();
        const previous = latest.current?.lang === lang ? latest.current.result : null;
        try {
          latest.current = { lang, result: highlightGrowing(tokenize, code, previous) };
        } catch {
          return; // a grammar that can't handle this text: stay plain
        }
        setHighlighted(latest.current);
      });
    }, wait);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [code, lang]);

  return highlighted?.lang === lang ? highlighted.result : null;
}

const Line = memo(function Line({ tokens }: { tokens: ThemedToken[] }) {
  return tokens.map((token, index) => (
    <span key={index} style={token.htmlStyle as CSSProperties | undefined}>
      {token.content}
    </span>
  ));
});

/** The code with what is highlighted so far, then the rest plain (same text, so the box never changes size). */
function CodeText({ code, highlighted }: { code: string; highlighted: Highlighted | null }) {
  if (!highlighted || !code.startsWith(highlighted.text)) return code;
  return (
    <>
      {highlighted.lines.map((tokens, index) => (
        <span key={index}>
          {index > 0 && "\n"}
          <Line tokens={tokens} />
        </span>
      ))}
      {code.slice(highlighted.text.length)}
    </>
  );
}

/** A fenced code block: language label, copy button and (lazily loaded) syntax highlighting. */
export const CodeBlock = memo(function CodeBlock({ code, lang }: { code: string; lang: string }) {
  const highlighted = useHighlighted(code, lang);
  return (
    <div className="md-code">
      <div className="md-code-header">
        <span className="md-code-lang">{lang || "text"}</span>
        <CopyButton text={code} />
      </div>
      <pre className={highlighted ? "md-code-body md-code-highlighted" : "md-code-body"}>
        <code>
          <CodeText code={code} highlighted={highlighted} />
        </code>
      </pre>
    </div>
  );
});

function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };

  return (
    <button type="button" className="md-code-copy" onClick={copy} title="Copy code">
      {state === "copied" ? <CheckIcon /> : <CopyIcon />}
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}</span>
    </button>
  );
}
