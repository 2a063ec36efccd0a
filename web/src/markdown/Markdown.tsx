/** Placeholder: replaced by the real renderer (react-markdown + GFM, lazy Shiki and KaTeX). */
export function Markdown({ text }: { text: string; streaming?: boolean }) {
  return <div className="whitespace-pre-wrap">{text}</div>;
}
