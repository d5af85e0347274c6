import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import type { Style } from './format.js';

export interface Writable {
  write(text: string): unknown;
}

export interface RendererOptions {
  /** Where the answer goes (stdout). */
  answer: Writable;
  answerStyle: Style;
  /**
   * Where the reasoning goes: the answer's stream when it is a terminal (dimmed), else stderr, so that
   * `llmux chat … > answer.txt` and pipes get only the answer.
   */
  reasoning: Writable;
  reasoningStyle: Style;
  /** True when reasoning and answer share one stream (a blank line then separates them). */
  sameStream: boolean;
}

interface PendingToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Formats a tool call as its name, id and pretty-printed JSON arguments (raw text when not JSON). */
export function formatToolCall(call: { id?: string; name: string; arguments: string }, style: Style): string {
  let body = call.arguments;
  try {
    body = JSON.stringify(JSON.parse(call.arguments), null, 2);
  } catch {
    // Arguments the model left malformed are shown as sent.
  }
  const id = call.id ? style.dim(` (${call.id})`) : '';
  const indented = body
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `${style.bold(`→ tool call: ${call.name}`)}${id}\n${indented}\n`;
}

/**
 * Writes a streamed answer as it arrives: reasoning first and dimmed, then the answer; tool calls, whose
 * arguments arrive in fragments, once they are complete. Only the first choice is shown.
 */
export class AnswerRenderer {
  private readonly options: RendererOptions;
  private section: 'none' | 'reasoning' | 'answer' = 'none';
  private lastAnswerText = '';
  private lastReasoningText = '';
  private readonly toolCalls = new Map<number, PendingToolCall>();
  /** The text of the answer so far (for the conversation history when an answer is interrupted). */
  text = '';

  constructor(options: RendererOptions) {
    this.options = options;
  }

  push(chunk: ChatCompletionChunk): void {
    const choice = chunk.choices.find((candidate) => candidate.index === 0);
    if (!choice) return;
    const { delta } = choice;
    if (delta.reasoning_content) this.writeReasoning(delta.reasoning_content);
    if (delta.content) this.writeAnswer(delta.content);
    if (delta.refusal) this.writeAnswer(delta.refusal);
    for (const fragment of delta.tool_calls ?? []) {
      let call = this.toolCalls.get(fragment.index);
      if (!call) {
        call = { id: '', name: '', arguments: '' };
        this.toolCalls.set(fragment.index, call);
      }
      if (fragment.id) call.id = fragment.id;
      if (fragment.function?.name) call.name += fragment.function.name;
      if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
    }
  }

  /** Writes a whole (non-streamed) answer. */
  renderCompletion(completion: ChatCompletion): void {
    const message = completion.choices.find((choice) => choice.index === 0)?.message;
    if (!message) return;
    if (message.reasoning_content) this.writeReasoning(message.reasoning_content);
    if (message.content) this.writeAnswer(message.content);
    if (message.refusal) this.writeAnswer(message.refusal);
    message.tool_calls?.forEach((call, index) => {
      if (call.type !== 'function') return;
      this.toolCalls.set(index, {
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
      });
    });
  }

  /** Writes what is pending (tool calls) and ends the last line. */
  finish(): void {
    if (this.toolCalls.size > 0) {
      this.endSection();
      if (this.section === 'answer') this.options.answer.write('\n');
      for (const call of [...this.toolCalls.entries()].sort(([a], [b]) => a - b).map(([, value]) => value)) {
        this.options.answer.write(formatToolCall(call, this.options.answerStyle));
      }
      this.toolCalls.clear();
      this.section = 'none';
      this.lastAnswerText = '\n';
      return;
    }
    this.endSection();
  }

  private writeReasoning(text: string): void {
    this.section = 'reasoning';
    this.lastReasoningText = text;
    this.options.reasoning.write(this.options.reasoningStyle.dim(text));
  }

  private writeAnswer(text: string): void {
    if (this.section === 'reasoning') {
      this.endSection();
      if (this.options.sameStream) this.options.answer.write('\n');
    }
    this.section = 'answer';
    this.lastAnswerText = text;
    this.text += text;
    this.options.answer.write(text);
  }

  private endSection(): void {
    if (this.section === 'reasoning' && !this.lastReasoningText.endsWith('\n')) {
      this.options.reasoning.write('\n');
      this.lastReasoningText = '\n';
    }
    if (this.section === 'answer' && !this.lastAnswerText.endsWith('\n')) {
      this.options.answer.write('\n');
      this.lastAnswerText = '\n';
    }
  }
}
