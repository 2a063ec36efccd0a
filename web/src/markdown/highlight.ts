/**
 * Syntax highlighting with Shiki, loaded on first use: the core, the JavaScript regex engine (no WebAssembly: the
 * CSP forbids it), two themes (GitHub light and dark, both in each token as CSS variables so the `dark` class
 * switches them without highlighting again) and each language's grammar when a block first needs it.
 *
 * This module itself stays small: the `import()`s below become separate chunks.
 */
import type { GrammarState, HighlighterCore, ThemedToken } from "shiki/core";

export type { GrammarState, ThemedToken };

type Grammar = () => Promise<unknown>;

/** The languages we highlight (by Shiki id); others show as plain text. */
const GRAMMARS: Record<string, Grammar> = {
  astro: () => import("shiki/langs/astro.mjs"),
  bat: () => import("shiki/langs/bat.mjs"),
  c: () => import("shiki/langs/c.mjs"),
  clojure: () => import("shiki/langs/clojure.mjs"),
  cmake: () => import("shiki/langs/cmake.mjs"),
  cpp: () => import("shiki/langs/cpp.mjs"),
  csharp: () => import("shiki/langs/csharp.mjs"),
  css: () => import("shiki/langs/css.mjs"),
  csv: () => import("shiki/langs/csv.mjs"),
  dart: () => import("shiki/langs/dart.mjs"),
  diff: () => import("shiki/langs/diff.mjs"),
  docker: () => import("shiki/langs/docker.mjs"),
  dotenv: () => import("shiki/langs/dotenv.mjs"),
  elixir: () => import("shiki/langs/elixir.mjs"),
  erlang: () => import("shiki/langs/erlang.mjs"),
  fsharp: () => import("shiki/langs/fsharp.mjs"),
  go: () => import("shiki/langs/go.mjs"),
  graphql: () => import("shiki/langs/graphql.mjs"),
  groovy: () => import("shiki/langs/groovy.mjs"),
  haskell: () => import("shiki/langs/haskell.mjs"),
  hcl: () => import("shiki/langs/hcl.mjs"),
  html: () => import("shiki/langs/html.mjs"),
  http: () => import("shiki/langs/http.mjs"),
  ini: () => import("shiki/langs/ini.mjs"),
  java: () => import("shiki/langs/java.mjs"),
  javascript: () => import("shiki/langs/javascript.mjs"),
  json: () => import("shiki/langs/json.mjs"),
  jsonc: () => import("shiki/langs/jsonc.mjs"),
  jsx: () => import("shiki/langs/jsx.mjs"),
  julia: () => import("shiki/langs/julia.mjs"),
  kotlin: () => import("shiki/langs/kotlin.mjs"),
  latex: () => import("shiki/langs/latex.mjs"),
  less: () => import("shiki/langs/less.mjs"),
  lua: () => import("shiki/langs/lua.mjs"),
  make: () => import("shiki/langs/make.mjs"),
  markdown: () => import("shiki/langs/markdown.mjs"),
  matlab: () => import("shiki/langs/matlab.mjs"),
  nginx: () => import("shiki/langs/nginx.mjs"),
  nix: () => import("shiki/langs/nix.mjs"),
  "objective-c": () => import("shiki/langs/objective-c.mjs"),
  ocaml: () => import("shiki/langs/ocaml.mjs"),
  perl: () => import("shiki/langs/perl.mjs"),
  php: () => import("shiki/langs/php.mjs"),
  powershell: () => import("shiki/langs/powershell.mjs"),
  prisma: () => import("shiki/langs/prisma.mjs"),
  proto: () => import("shiki/langs/proto.mjs"),
  python: () => import("shiki/langs/python.mjs"),
  r: () => import("shiki/langs/r.mjs"),
  ruby: () => import("shiki/langs/ruby.mjs"),
  rust: () => import("shiki/langs/rust.mjs"),
  sass: () => import("shiki/langs/sass.mjs"),
  scala: () => import("shiki/langs/scala.mjs"),
  scss: () => import("shiki/langs/scss.mjs"),
  shellscript: () => import("shiki/langs/shellscript.mjs"),
  shellsession: () => import("shiki/langs/shellsession.mjs"),
  solidity: () => import("shiki/langs/solidity.mjs"),
  sql: () => import("shiki/langs/sql.mjs"),
  svelte: () => import("shiki/langs/svelte.mjs"),
  swift: () => import("shiki/langs/swift.mjs"),
  terraform: () => import("shiki/langs/terraform.mjs"),
  toml: () => import("shiki/langs/toml.mjs"),
  tsx: () => import("shiki/langs/tsx.mjs"),
  typescript: () => import("shiki/langs/typescript.mjs"),
  vue: () => import("shiki/langs/vue.mjs"),
  xml: () => import("shiki/langs/xml.mjs"),
  yaml: () => import("shiki/langs/yaml.mjs"),
  zig: () => import("shiki/langs/zig.mjs"),
};

const ALIASES: Record<string, string> = {
  "c#": "csharp", "c++": "cpp", batch: "bat", bash: "shellscript", cjs: "javascript", cmd: "bat", console: "shellsession",
  cs: "csharp", dockerfile: "docker", env: "dotenv", gql: "graphql", golang: "go", h: "c", hpp: "cpp", hs: "haskell",
  js: "javascript", kt: "kotlin", kts: "kotlin", makefile: "make", md: "markdown", mjs: "javascript", objc: "objective-c",
  properties: "ini", protobuf: "proto", ps1: "powershell", pwsh: "powershell", py: "python", python3: "python",
  rb: "ruby", rs: "rust", sh: "shellscript", shell: "shellscript", svg: "xml", tex: "latex", tf: "terraform",
  ts: "typescript", yml: "yaml", zsh: "shellscript",
};

const THEMES = { light: "github-light", dark: "github-dark" } as const;

/** The Shiki language id for a fence's language (`ts`, `TypeScript`, `c++`…), or null when we don't highlight it. */
export function grammarId(lang: string): string | null {
  const key = lang.trim().toLowerCase();
  const id = ALIASES[key] ?? key;
  return Object.hasOwn(GRAMMARS, id) ? id : null;
}

export interface Tokenized {
  lines: ThemedToken[][];
  /** Where the grammar stands after the last line: pass it back to continue with the text that follows. */
  state: GrammarState | undefined;
}

/** Tokenises code of one language; `after` continues from an earlier call's state (for text that grew). */
export type Tokenizer = (code: string, after?: GrammarState) => Tokenized;

let core: Promise<HighlighterCore> | null = null;
const tokenizers = new Map<string, Promise<Tokenizer | null>>();

function highlighter(): Promise<HighlighterCore> {
  core ??= Promise.all([import("shiki/core"), import("shiki/engine/javascript")]).then(
    ([{ createHighlighterCore }, { createJavaScriptRegexEngine }]) =>
      createHighlighterCore({
        themes: [import("shiki/themes/github-light.mjs"), import("shiki/themes/github-dark.mjs")],
        langs: [],
        // Forgiving: a grammar pattern the JavaScript engine can't translate is skipped rather than failing.
        engine: createJavaScriptRegexEngine({ forgiving: true }),
      }),
  );
  core.catch(() => (core = null));
  return core;
}

/**
 * A tokenizer for the language (loading Shiki and the grammar the first time, one load per language), or null
 * when the language isn't one we highlight or loading failed (the block then stays plain).
 */
export function loadTokenizer(lang: string): Promise<Tokenizer | null> {
  const id = grammarId(lang);
  if (!id) return Promise.resolve(null);
  let tokenizer = tokenizers.get(id);
  if (!tokenizer) {
    tokenizer = highlighter()
      .then(async (shiki) => {
        await shiki.loadLanguage(GRAMMARS[id]() as Parameters<HighlighterCore["loadLanguage"]>[0]);
        return ((code, after) => {
          const result = shiki.codeToTokens(code, { lang: id, themes: THEMES, defaultColor: false, grammarState: after });
          return { lines: result.tokens, state: result.grammarState };
        }) satisfies Tokenizer;
      })
      .catch(() => {
        tokenizers.delete(id);
        return null;
      });
    tokenizers.set(id, tokenizer);
  }
  return tokenizer;
}
