import {
  AGENT_FINAL_TEXT,
  AGENT_REASONING,
  AGENT_REASONING_TOKEN,
  AGENT_SIDE_TEXT,
  buildShellArguments,
  collectStrings,
  findShellTool,
  type TurnStep,
} from './agent-turn.js';
import {
  estimateTokens,
  type FakeAnswer,
  type FakeIds,
  type FakeProtocol,
  type FakeRequest,
  jsonAnswer,
  sseAnswer,
} from './fake-protocol.js';

interface GeminiPart {
  text?: string;
  functionCall?: unknown;
  functionResponse?: { name?: string; response?: unknown };
}

interface GeminiFunctionDeclaration {
  name?: string;
  parameters?: unknown;
  parametersJsonSchema?: unknown;
}

interface GeminiBody {
  contents?: { role?: string; parts?: GeminiPart[] }[];
  tools?: { functionDeclarations?: GeminiFunctionDeclaration[] }[];
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown; responseSchema?: unknown };
}

// `/v1beta/models/gemini-2.5-pro:streamGenerateContent`; the SDK also posts under `/v1/`.
const MODEL_ACTION_PATH = /^\/(v1beta|v1)\/models\/([^/:]+):([A-Za-z]+)$/;

/**
 * Gemini's generateContent as gemini-cli needs it: `:streamGenerateContent?alt=sse` (frames of
 * `data: <GenerateContentResponse>` and no terminal event), `:generateContent` (its side requests, some
 * asking for JSON), `:countTokens`, and `GET /v1beta/models`.
 * https://ai.google.dev/api/generate-content
 */
export const fakeGemini: FakeProtocol = {
  name: 'gemini',
  handle(request, ids) {
    if (request.method === 'GET' && /^\/(v1beta|v1)\/models$/.test(request.path)) {
      return jsonAnswer(200, { models: [] }, 'models');
    }
    const match = MODEL_ACTION_PATH.exec(request.path);
    if (!match || request.method !== 'POST') return undefined;
    const [, , model = 'unknown', action] = match;
    if (action === 'countTokens') {
      return jsonAnswer(200, { totalTokens: estimateTokens(request.body) }, 'count-tokens');
    }
    if (action === 'generateContent') return answerGenerate(request, model, ids, false);
    if (action === 'streamGenerateContent') return answerGenerate(request, model, ids, true);
    return undefined;
  },
};

function answerGenerate(request: FakeRequest, model: string, ids: FakeIds, stream: boolean): FakeAnswer {
  const body = (request.body ?? {}) as GeminiBody;
  const step = chooseStep(body);
  const label = `${stream ? 'stream-generate' : 'generate'}-${step.kind}`;
  const parts: Record<string, unknown>[] =
    step.kind === 'tool-call'
      ? // As Gemini 2.5/3 answer with includeThoughts: a thought summary, then the call carrying the
        // turn's thoughtSignature (which the client must give back with the call). No call id, as Gemini.
        [
          { text: AGENT_REASONING, thought: true },
          {
            functionCall: { name: step.toolName, args: step.arguments },
            thoughtSignature: AGENT_REASONING_TOKEN,
          },
        ]
      : [{ text: sideOrFinalText(body, step) }];
  const promptTokens = estimateTokens(body.contents);
  const candidatesTokens = estimateTokens(parts);
  const response = {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: promptTokens,
      candidatesTokenCount: candidatesTokens,
      totalTokenCount: promptTokens + candidatesTokens,
    },
    modelVersion: model,
    responseId: ids.next('gemini_fake'),
  };
  if (!stream) return jsonAnswer(200, response, label, step);
  if (request.query.get('alt') !== 'sse') {
    // Without alt=sse Gemini streams one JSON array; gemini-cli always asks for SSE, so record it as odd.
    return jsonAnswer(200, [response], `${label}-json-array`, step);
  }
  // Google's servers end each SSE event with CRLF CRLF.
  return sseAnswer([`data: ${JSON.stringify(response)}\r\n\r\n`], label, step);
}

function sideOrFinalText(body: GeminiBody, step: TurnStep): string {
  const config = body.generationConfig;
  if (config?.responseMimeType === 'application/json') {
    // gemini-cli's side checks (next speaker, loop detection) ask for JSON; give the answer that lets
    // the turn end: the user speaks next.
    return JSON.stringify(fillSchema(config.responseJsonSchema ?? config.responseSchema));
  }
  return step.kind === 'final' ? AGENT_FINAL_TEXT : AGENT_SIDE_TEXT;
}

/** A small value for a JSON Schema: the first enum value (`next_speaker: "user"`), `false`, `0`, "". */
function fillSchema(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return {};
  const node = schema as { type?: string; enum?: unknown[]; properties?: Record<string, unknown> };
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const type = node.type?.toLowerCase();
  if (type === 'object' || node.properties) {
    const value: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(node.properties ?? {})) value[name] = fillSchema(child);
    return value;
  }
  if (type === 'array') return [];
  if (type === 'boolean') return false;
  if (type === 'number' || type === 'integer') return 0;
  if (type === 'string') return AGENT_SIDE_TEXT;
  return {};
}

function chooseStep(body: GeminiBody): TurnStep {
  const last = body.contents?.at(-1);
  const responses = (last?.parts ?? []).filter((part) => part.functionResponse);
  if (last?.role === 'user' && responses.length > 0) {
    return {
      kind: 'final',
      toolOutput: responses.map((part) => collectStrings(part.functionResponse?.response)).join('\n'),
    };
  }
  const declarations = (body.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  const shell = findShellTool(declarations.map((declaration) => declaration.name ?? ''));
  if (shell) {
    const declaration = declarations.find((candidate) => candidate.name === shell);
    const schema = declaration?.parametersJsonSchema ?? declaration?.parameters;
    return { kind: 'tool-call', toolName: shell, arguments: buildShellArguments(schema) };
  }
  return { kind: 'side' };
}
