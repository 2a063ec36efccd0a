// The initial JavaScript download: the scripts index.html loads at once (entry + modulepreloads), gzipped.
// Chunks loaded later (Shiki, KaTeX, grammars) do not count. Fails above the budget; run after `npm run build`.
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";

const BUDGET_KB = 300;
const dist = path.resolve(import.meta.dirname, "../dist");
const html = await readFile(path.join(dist, "index.html"), "utf8");
const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const src of new Set(scripts)) {
  const bytes = gzipSync(await readFile(path.join(dist, src.replace(/^\//, ""))), { level: 9 }).length;
  total += bytes;
  console.log(`${(bytes / 1024).toFixed(1).padStart(7)} KB gz  ${src}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB gz  initial JavaScript (budget ${BUDGET_KB} KB)`);
if (scripts.length === 0 || total > BUDGET_KB * 1024) {
  console.error(scripts.length === 0 ? "no script found in dist/index.html" : `over the budget of ${BUDGET_KB} KB`);
  process.exit(1);
}
