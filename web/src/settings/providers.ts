/** The providers a user can bring a key (or an endpoint) for, in the order the Keys tab lists them. */
export interface ProviderInfo {
  id: string;
  name: string;
  /** Whether a key is needed (Ollama and self-hosted OpenAI-compatible servers may have none). */
  keyRequired: boolean;
  /** Whether the user must give the endpoint (there is no public default). */
  baseUrlRequired: boolean;
  keyPlaceholder: string;
  baseUrlPlaceholder: string;
  blurb: string;
}

export const PROVIDERS: readonly ProviderInfo[] = [
  {
    id: "openai",
    name: "OpenAI",
    keyRequired: true,
    baseUrlRequired: false,
    keyPlaceholder: "sk-…",
    baseUrlPlaceholder: "Default endpoint",
    blurb: "GPT models",
  },
  {
    id: "anthropic",
    name: "Anthropic",
    keyRequired: true,
    baseUrlRequired: false,
    keyPlaceholder: "sk-ant-…",
    baseUrlPlaceholder: "Default endpoint",
    blurb: "Claude models",
  },
  {
    id: "gemini",
    name: "Google Gemini",
    keyRequired: true,
    baseUrlRequired: false,
    keyPlaceholder: "AIza…",
    baseUrlPlaceholder: "Default endpoint",
    blurb: "Gemini models",
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    keyRequired: true,
    baseUrlRequired: false,
    keyPlaceholder: "sk-or-…",
    baseUrlPlaceholder: "Default endpoint",
    blurb: "Many providers behind one key",
  },
  {
    id: "ollama",
    name: "Ollama",
    keyRequired: false,
    baseUrlRequired: true,
    keyPlaceholder: "Only if your server asks for one",
    baseUrlPlaceholder: "https://ollama.your-domain.example",
    blurb: "Your own Ollama server",
  },
  {
    id: "openai-compatible",
    name: "OpenAI-compatible",
    keyRequired: false,
    baseUrlRequired: true,
    keyPlaceholder: "Only if your server asks for one",
    baseUrlPlaceholder: "https://llm.your-domain.example/v1",
    blurb: "Any server speaking the OpenAI chat API",
  },
];

/** "OpenAI" for `openai`; "Offline" for `offline`: a provider this page does not know, capitalised. */
export function providerName(id: string): string {
  return PROVIDERS.find((p) => p.id === id)?.name ?? id.charAt(0).toUpperCase() + id.slice(1);
}
