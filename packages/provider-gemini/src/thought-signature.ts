/**
 * Gemini 3 signs its function-call turns and refuses a tool loop whose calls come back unsigned
 * (https://ai.google.dev/gemini-api/docs/thought-signatures). The signature rides on the OpenAI tool
 * call in the same extra field Google's own OpenAI-compatible endpoint uses,
 * `extra_content.google.thought_signature` (https://ai.google.dev/gemini-api/docs/openai#thinking), so a
 * client that sends the assistant message back unchanged (the OpenAI SDK's usual loop) returns it.
 */

export interface ThoughtSignatureCarrier {
  extra_content?: { google: { thought_signature: string } };
}

/** The extra field to put on a tool call (or its first stream delta), or nothing when unsigned. */
export function writeThoughtSignature(signature: string | null | undefined): ThoughtSignatureCarrier {
  return signature ? { extra_content: { google: { thought_signature: signature } } } : {};
}

/** The signature a client sent back on a tool call, if any. */
export function readThoughtSignature(toolCall: Record<string, unknown>): string | undefined {
  const extra = toolCall.extra_content;
  if (typeof extra !== 'object' || extra === null) return undefined;
  const google = (extra as Record<string, unknown>).google;
  if (typeof google !== 'object' || google === null) return undefined;
  const signature = (google as Record<string, unknown>).thought_signature;
  return typeof signature === 'string' && signature.length > 0 ? signature : undefined;
}
