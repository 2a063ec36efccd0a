/** Placeholder: replaced by the real renderer (react-markdown + GFM, lazy Shiki and KaTeX). */
export function Markdown({ text }: { text: string }) {
  return <div className="whitespace-pre-wrap">{text}</div>;
}
