// The recommended GGUF models of the setup's download step (ui.md §7): the one place to change what it offers.
// Sizes are the files' approximate sizes.

export interface CatalogModel {
  name: string;
  repo: string;
  filename: string;
  /** Approximate file size in bytes. */
  size: number;
  description: string;
}

const GB = 1e9;
const MB = 1e6;
const KB = 1e3;

export const CHAT_MODELS: CatalogModel[] = [
  {
    name: 'Llama 3.2 3B Instruct',
    repo: 'bartowski/Llama-3.2-3B-Instruct-GGUF',
    filename: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
    size: 2.02 * GB,
    description: "Meta's small general-purpose assistant; runs on most laptops.",
  },
  {
    name: 'Gemma 2 2B Instruct',
    repo: 'bartowski/gemma-2-2b-it-GGUF',
    filename: 'gemma-2-2b-it-Q4_K_M.gguf',
    size: 1.71 * GB,
    description: "Google's compact model, quick on modest hardware.",
  },
  {
    name: 'Phi-3.5 mini Instruct',
    repo: 'bartowski/Phi-3.5-mini-instruct-GGUF',
    filename: 'Phi-3.5-mini-instruct-Q4_K_M.gguf',
    size: 2.39 * GB,
    description: "Microsoft's small model with a long context window.",
  },
  {
    name: 'Qwen2.5 7B Instruct',
    repo: 'bartowski/Qwen2.5-7B-Instruct-GGUF',
    filename: 'Qwen2.5-7B-Instruct-Q4_K_M.gguf',
    size: 4.68 * GB,
    description: 'Strong at coding, maths and tool calling; needs about 8 GB of memory.',
  },
  {
    name: 'Mistral 7B Instruct v0.3',
    repo: 'bartowski/Mistral-7B-Instruct-v0.3-GGUF',
    filename: 'Mistral-7B-Instruct-v0.3-Q4_K_M.gguf',
    size: 4.37 * GB,
    description: 'A well-rounded 7B model with function calling.',
  },
];

export const EMBEDDING_MODELS: CatalogModel[] = [
  {
    name: 'Nomic Embed Text v1.5',
    repo: 'nomic-ai/nomic-embed-text-v1.5-GGUF',
    filename: 'nomic-embed-text-v1.5.Q8_0.gguf',
    size: 146 * MB,
    description: 'General-purpose English text embeddings with an 8K context.',
  },
  {
    name: 'BGE Small EN v1.5',
    repo: 'CompendiumLabs/bge-small-en-v1.5-gguf',
    filename: 'bge-small-en-v1.5-q8_0.gguf',
    size: 37 * MB,
    description: 'A tiny, fast embedding model for retrieval.',
  },
];

/** `2.0 GB`, `146 MB`, `12 KB`, `512 B`. */
export function formatSize(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= KB) return `${Math.round(bytes / KB)} KB`;
  return `${bytes} B`;
}
