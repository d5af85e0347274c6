import type { InboundTokenCounter } from '@llmux/provider-kit';
import {
  type AnthropicCountTokensRequest,
  type AnthropicInboundContentBlock,
  parseAnthropicCountTokensRequest,
} from './parse-request.js';

/** About 4 bytes of English or code per token in the BPE tokenizers of Claude, GPT and Gemini alike. */
const BYTES_PER_TOKEN = 4;
/** The role markers and separators each message costs beyond its text. */
const TOKENS_PER_MESSAGE = 4;
/** What tool definitions cost beyond their JSON (the tool-use system prompt vendors add). */
const TOKENS_FOR_TOOLS = 300;
/**
 * An image or a PDF page counted without decoding it: Anthropic puts an image at width × height / 750 tokens
 * and scales images down to about 1.15 megapixels, so ~1,600 tokens is the most one costs
 * (https://docs.claude.com/en/docs/build-with-claude/vision#evaluate-image-size).
 */
const TOKENS_PER_IMAGE = 1600;
/** A PDF's pages cost text plus an image each; its base64 size stands in for the page count. */
const PDF_BYTES_PER_PAGE = 100_000;

const encoder = new TextEncoder();

function textTokens(text: string): number {
  return Math.ceil(encoder.encode(text).length / BYTES_PER_TOKEN);
}

/**
 * The input tokens a Messages request would take, estimated without a tokenizer: ceil(UTF-8 bytes / 4) over
 * the text of the system prompt, every message (text, thinking, tool inputs and results) and the tool
 * definitions' JSON, plus 4 tokens per message, 300 when tools are given, and 1,600 per image or PDF page.
 * Good to about ±20% on English and code; the gateway answers with it only for upstreams that cannot count.
 *
 * @example
 * estimateAnthropicInputTokens({ model: 'gpt-5-2', messages: [{ role: 'user', content: 'Hello' }] }); // 6
 */
export function estimateAnthropicInputTokens(request: AnthropicCountTokensRequest): number {
  let tokens = 0;
  if (typeof request.system === 'string') tokens += textTokens(request.system);
  else for (const block of request.system ?? []) tokens += textTokens(block.text);
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE;
    if (typeof message.content === 'string') tokens += textTokens(message.content);
    else for (const block of message.content) tokens += blockTokens(block);
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    tokens += TOKENS_FOR_TOOLS;
    for (const tool of request.tools) tokens += textTokens(JSON.stringify(tool));
  }
  return Math.ceil(tokens);
}

function blockTokens(block: AnthropicInboundContentBlock | { type: string; [key: string]: unknown }): number {
  const value = block as Record<string, unknown>;
  switch (block.type) {
    case 'text':
      return textTokens(String(value.text ?? ''));
    case 'thinking':
      return textTokens(String(value.thinking ?? ''));
    case 'redacted_thinking':
      return textTokens(String(value.data ?? '')) / 4;
    case 'tool_use':
      return textTokens(`${String(value.name ?? '')} ${JSON.stringify(value.input ?? {})}`);
    case 'tool_result': {
      const content = value.content;
      if (typeof content === 'string') return textTokens(content);
      if (!Array.isArray(content)) return 0;
      return content.reduce((sum: number, item) => sum + blockTokens(item), 0);
    }
    case 'image':
      return TOKENS_PER_IMAGE;
    case 'document': {
      const source = (value.source ?? {}) as Record<string, unknown>;
      if (source.type === 'text') return textTokens(String(source.data ?? ''));
      if (source.type === 'base64') {
        const pages = Math.max(1, Math.ceil(String(source.data ?? '').length / PDF_BYTES_PER_PAGE));
        return pages * TOKENS_PER_IMAGE;
      }
      return textTokens(JSON.stringify(source.content ?? ''));
    }
    default:
      return textTokens(JSON.stringify(block));
  }
}

/**
 * `POST /v1/messages/count_tokens` for models whose upstream cannot count: the body as Anthropic documents it
 * (https://docs.claude.com/en/api/messages-count-tokens), an estimate, `{"input_tokens": n}`.
 */
export const anthropicTokenCounter: InboundTokenCounter<AnthropicCountTokensRequest> = {
  parseRequest: parseAnthropicCountTokensRequest,
  estimate: estimateAnthropicInputTokens,
  encode: (inputTokens) => JSON.stringify({ input_tokens: inputTokens }),
};
