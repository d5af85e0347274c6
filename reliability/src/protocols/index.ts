import type { InboundProtocol } from './inbound-protocol.js';
import { openAIChatProtocol } from './openai-chat.js';

export type { Answer, InboundProtocol, Outcome } from './inbound-protocol.js';

/** Every inbound protocol the gateway serves; each scenario that sends chat traffic runs once per entry. */
export const INBOUND_PROTOCOLS: readonly InboundProtocol[] = [openAIChatProtocol];
