export { createOpenAIChatAdapter } from './chat/chat-dialect-adapter.js';
export { OPENAI_BASE_URL, openAIChatDialect } from './chat/openai-chat-dialect.js';
export { createOpenAIResponsesAdapter } from './responses/responses-adapter.js';
