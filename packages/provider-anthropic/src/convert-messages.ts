import type { ChatMessage, ContentPart } from '@llmux/contract';
import { type DataUrl, invalidParameter, parseDataUrl, parseToolArguments } from '@llmux/provider-kit';
import type {
  AnthropicContentBlockParam,
  AnthropicMessageParam,
  AnthropicMessageRequest,
} from './anthropic-api.js';

/** Marks the reasoning_details items this adapter writes and reads (OpenRouter's naming). */
export const REASONING_FORMAT = 'anthropic-claude-v1';

const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

interface ConvertedMessages {
  system: SystemBlock[];
  messages: AnthropicMessageParam[];
}

/**
 * Lifts system/developer turns into `system` and merges what is left so roles alternate, as Anthropic
 * requires: tool results become `tool_result` blocks in a user turn, placed before that turn's text.
 * https://docs.claude.com/en/api/messages (messages: "consecutive user or assistant turns are combined")
 */
export function convertMessages(input: readonly ChatMessage[]): ConvertedMessages {
  const system: SystemBlock[] = [];
  const messages: AnthropicMessageParam[] = [];

  const append = (role: 'user' | 'assistant', blocks: AnthropicContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };

  input.forEach((message, messageIndex) => {
    const at = `messages[${messageIndex}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const parts = typeof message.content === 'string' ? [{ text: message.content }] : message.content;
        const blocks: SystemBlock[] = parts
          .filter((part) => part.text.length > 0)
          .map((part) => withCacheControl({ type: 'text', text: part.text }, part));
        system.push(...markLastBlock(blocks, message));
        break;
      }
      case 'user':
        append('user', markLastBlock(convertUserContent(message.content, at), message));
        break;
      case 'tool':
        append(
          'user',
          markLastBlock(
            [
              {
                type: 'tool_result',
                tool_use_id: message.tool_call_id,
                content:
                  typeof message.content === 'string'
                    ? message.content
                    : message.content
                        .filter((part) => part.text.length > 0)
                        .map((part) => withCacheControl({ type: 'text', text: part.text }, part)),
              },
            ],
            message,
          ),
        );
        break;
      case 'assistant':
        append('assistant', markLastBlock(convertAssistantMessage(message, at), message));
        break;
    }
  });

  for (const message of messages) {
    if (message.role !== 'user') continue;
    // Tool results must open the user turn that answers the tool calls.
    const results = message.content.filter((block) => block.type === 'tool_result');
    if (results.length > 0 && message.content[0]?.type !== 'tool_result') {
      message.content = [...results, ...message.content.filter((block) => block.type !== 'tool_result')];
    }
  }
  return { system, messages };
}

type SystemBlock = NonNullable<AnthropicMessageRequest['system']>[number];

/**
 * Prompt caching (https://docs.claude.com/en/docs/build-with-claude/prompt-caching) has no OpenAI
 * field; like other gateways, a `cache_control: { type: 'ephemeral', ttl? }` on a content part, a
 * message (its last block) or a tool is passed on. Anything else under that key is ignored.
 */
export function readCacheControl(source: unknown): { type: 'ephemeral'; ttl?: string } | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as { cache_control?: unknown }).cache_control;
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'ephemeral')
    return undefined;
  const ttl = (value as { ttl?: unknown }).ttl;
  return typeof ttl === 'string' ? { type: 'ephemeral', ttl } : { type: 'ephemeral' };
}

export function withCacheControl<T extends object>(block: T, source: unknown): T {
  const cacheControl = readCacheControl(source);
  return cacheControl ? { ...block, cache_control: cacheControl } : block;
}

/** A message-level cache_control marks the message's last block, where Anthropic's breakpoints go. */
function markLastBlock<T extends object>(blocks: T[], message: unknown): T[] {
  const last = blocks.at(-1);
  if (last === undefined || readCacheControl(message) === undefined) return blocks;
  return [...blocks.slice(0, -1), withCacheControl(last, message)];
}

function convertUserContent(content: string | ContentPart[], at: string): AnthropicContentBlockParam[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const blocks: AnthropicContentBlockParam[] = [];
  content.forEach((part, partIndex) => {
    const param = `${at}.content[${partIndex}]`;
    switch (part.type) {
      case 'text':
        if (part.text.length > 0) blocks.push(withCacheControl({ type: 'text', text: part.text }, part));
        break;
      case 'image_url':
        blocks.push(withCacheControl(convertImage(part.image_url.url, `${param}.image_url.url`), part));
        break;
      case 'file':
        blocks.push(withCacheControl(convertFile(part.file, param), part));
        break;
      case 'input_audio':
        throw invalidParameter(param, 'Claude models do not take audio input.');
    }
  });
  return blocks;
}

/** A base64 data URL, the only kind Anthropic's `base64` sources take. */
function parseBase64DataUrl(url: string): DataUrl | undefined {
  const parsed = parseDataUrl(url);
  return parsed?.base64 ? parsed : undefined;
}

function convertImage(url: string, param: string): AnthropicContentBlockParam {
  if (url.startsWith('data:')) {
    const parsed = parseBase64DataUrl(url);
    if (!parsed)
      throw invalidParameter(
        param,
        'An image data URL must be `data:<media type>;base64,<data>`.',
        'invalid_value',
      );
    if (parsed.mediaType === 'application/pdf') {
      return {
        type: 'document',
        source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data },
      };
    }
    if (!IMAGE_MEDIA_TYPES.has(parsed.mediaType)) {
      throw invalidParameter(
        param,
        `Claude takes JPEG, PNG, GIF and WebP images; got ${parsed.mediaType}.`,
        'invalid_value',
      );
    }
    return { type: 'image', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw invalidParameter(param, 'An image URL must be an http(s) URL or a base64 data URL.', 'invalid_value');
}

function convertFile(
  file: { file_data?: string; file_id?: string },
  param: string,
): AnthropicContentBlockParam {
  const parsed = file.file_data ? parseBase64DataUrl(file.file_data) : undefined;
  if (parsed?.mediaType === 'application/pdf') {
    return { type: 'document', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
  }
  throw invalidParameter(
    param,
    'Claude models take files only as a PDF in `file.file_data` (a base64 data URL); file ids are not supported.',
  );
}

interface ReasoningDetail {
  type?: unknown;
  text?: unknown;
  signature?: unknown;
  data?: unknown;
  format?: unknown;
}

/**
 * Thinking blocks go back exactly as they came (Anthropic verifies the signature): from the
 * `reasoning_details` this adapter wrote, or from a `reasoning_content` + `reasoning_signature` pair.
 * Items from other vendors (another `format`) are left out: their signatures mean nothing to Anthropic.
 */
function convertReasoning(message: Record<string, unknown>): AnthropicContentBlockParam[] {
  const details = message.reasoning_details;
  const blocks: AnthropicContentBlockParam[] = [];
  if (Array.isArray(details)) {
    for (const item of details as ReasoningDetail[]) {
      if (item == null || typeof item !== 'object') continue;
      if (item.format !== undefined && item.format !== REASONING_FORMAT) continue;
      if (item.type === 'reasoning.text' && typeof item.signature === 'string' && item.signature.length > 0) {
        blocks.push({
          type: 'thinking',
          thinking: typeof item.text === 'string' ? item.text : '',
          signature: item.signature,
        });
      } else if (item.type === 'reasoning.encrypted' && typeof item.data === 'string') {
        blocks.push({ type: 'redacted_thinking', data: item.data });
      }
    }
    if (blocks.length > 0) return blocks;
  }
  const signature = message.reasoning_signature;
  if (
    typeof signature === 'string' &&
    signature.length > 0 &&
    typeof message.reasoning_content === 'string'
  ) {
    blocks.push({ type: 'thinking', thinking: message.reasoning_content, signature });
  }
  return blocks;
}

function convertAssistantMessage(
  message: Extract<ChatMessage, { role: 'assistant' }>,
  at: string,
): AnthropicContentBlockParam[] {
  const blocks = convertReasoning(message as Record<string, unknown>);
  if (typeof message.content === 'string') {
    if (message.content.length > 0) blocks.push({ type: 'text', text: message.content });
  } else if (Array.isArray(message.content)) {
    for (const part of message.content) {
      const text = part.type === 'text' ? part.text : part.refusal;
      if (text.length > 0) blocks.push({ type: 'text', text });
    }
  }
  message.tool_calls?.forEach((call, callIndex) => {
    blocks.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: parseToolArguments(call.function.arguments, `${at}.tool_calls[${callIndex}].function.arguments`),
    });
  });
  return blocks;
}
