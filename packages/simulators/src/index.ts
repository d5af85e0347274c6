export {
  createDefaultScenario,
  estimateUsage,
  generateFromSchema,
  readScenarioDirective,
} from './default-scenario.js';
export { anthropicSimulator } from './protocols/anthropic.js';
export { geminiSimulator } from './protocols/gemini.js';
export { PROTOCOL_SIMULATORS } from './protocols/index.js';
export { openAIChatSimulator } from './protocols/openai-chat.js';
export { openAIResponsesSimulator } from './protocols/openai-responses.js';
export {
  type NormalizedRequest,
  type ProtocolSimulator,
  type SimulatorIds,
  SimulatorRequestError,
  type SseFrame,
} from './protocols/protocol.js';
export { splitText } from './protocols/split-text.js';
export {
  isSimulatedProvider,
  PROVIDER_BASE_PATHS,
  SIMULATED_PROVIDERS,
  type SimulatedProvider,
} from './providers.js';
export type { Scenario, ScenarioError, ScenarioToolCall, ScenarioUsage } from './scenario.js';
export {
  createSimulator,
  type RecordedRequest,
  type ScenarioInfo,
  type ScenarioSelector,
  type SimulatedProtocol,
  type Simulator,
  type SimulatorOptions,
} from './simulator.js';
