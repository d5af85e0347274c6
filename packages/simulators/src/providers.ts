import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '@llmux/catalog';

/**
 * The provider families the simulator answers for: every one in the catalog. Each has one URL prefix
 * (`/<provider>`); what follows the prefix is the vendor's own path, so a vendor SDK or adapter pointed at
 * `baseUrlFor(provider)` sends exactly the path it would send to the real host.
 */
export const SIMULATED_PROVIDERS = PROVIDER_IDS;

export type SimulatedProvider = ProviderId;

/**
 * The part of each vendor's base URL after its host, in the convention of the vendor's SDK (or of the OpenAI
 * SDK for the OpenAI-compatible vendors), read from the catalog's `defaultBaseUrl`, so `baseUrlFor` can stand in
 * for `<VENDOR>_BASE_URL`: `/v1` for OpenAI, nothing for Anthropic (its SDK appends `/v1/messages`) and Gemini
 * (@google/genai appends `/v1beta/models/…`), `/api/v3` for Ark, and so on.
 */
export const PROVIDER_BASE_PATHS: Readonly<Record<SimulatedProvider, string>> = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, new URL(PROVIDERS[id].defaultBaseUrl).pathname.replace(/\/$/, '')]),
) as Record<SimulatedProvider, string>;

export function isSimulatedProvider(value: string): value is SimulatedProvider {
  return (SIMULATED_PROVIDERS as readonly string[]).includes(value);
}
