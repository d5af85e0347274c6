import type { SignatureVendor } from './answer-events.js';

/**
 * A thinking block the gateway hands an Anthropic client for a model of another vendor carries that vendor's
 * proof (a Gemini thought signature, say) in its `signature` field, marked so the gateway can tell it from an
 * Anthropic signature when the client gives the block back: `llmux1.<vendor>.<base64url of the signature>`.
 * The client treats it as opaque, as it treats Anthropic's own, and returns it byte for byte.
 */
const PREFIX = 'llmux1.';
const VENDORS: ReadonlySet<string> = new Set<SignatureVendor>(['anthropic', 'gemini', 'openai']);

/** A vendor's signature (or '' for none) as the `signature` of a thinking block given to an Anthropic client. */
export function wrapForeignSignature(vendor: SignatureVendor | 'none', signature: string): string {
  return `${PREFIX}${vendor}.${Buffer.from(signature, 'utf8').toString('base64url')}`;
}

export interface ForeignSignature {
  /** `none`: a thinking block of a vendor that signs nothing (DeepSeek's reasoning_content, say). */
  vendor: SignatureVendor | 'none';
  signature: string;
}

/** The vendor signature inside a wrapped one; undefined for anything else (an Anthropic signature, garbage). */
export function unwrapForeignSignature(signature: string): ForeignSignature | undefined {
  if (!signature.startsWith(PREFIX)) return undefined;
  const dot = signature.indexOf('.', PREFIX.length);
  if (dot < 0) return undefined;
  const vendor = signature.slice(PREFIX.length, dot);
  if (vendor !== 'none' && !VENDORS.has(vendor)) return undefined;
  return {
    vendor: vendor as ForeignSignature['vendor'],
    signature: Buffer.from(signature.slice(dot + 1), 'base64url').toString('utf8'),
  };
}

/** Whether a signature was made by the gateway (so Anthropic itself would refuse it). */
export function isForeignSignature(signature: string): boolean {
  return signature.startsWith(PREFIX);
}
