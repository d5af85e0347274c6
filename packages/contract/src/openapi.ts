import { z } from 'zod';
import { chatCompletionChunkSchema, toolCallDeltaSchema } from './chunk.js';
import { errorBodySchema } from './errors.js';
import { modelListSchema, modelPricingSchema, modelSchema } from './models.js';
import {
  assistantMessageSchema,
  audioPartSchema,
  chatCompletionRequestSchema,
  chatMessageSchema,
  contentPartSchema,
  developerMessageSchema,
  filePartSchema,
  functionToolSchema,
  imagePartSchema,
  refusalPartSchema,
  responseFormatSchema,
  stopSchema,
  systemMessageSchema,
  textPartSchema,
  toolCallSchema,
  toolChoiceSchema,
  toolMessageSchema,
  userMessageSchema,
} from './request.js';
import {
  chatCompletionSchema,
  choiceLogprobsSchema,
  completionUsageSchema,
  finishReasonSchema,
} from './response.js';

/** A JSON Schema (2020-12) object as produced by `z.toJSONSchema`. */
export type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document this package produces. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  security: Record<string, string[]>[];
}

export interface OpenApiDocumentOptions {
  title?: string;
  version?: string;
  /** Base URL of the gateway, e.g. `https://llm.example.com`; omitted from the document when not given. */
  serverUrl?: string;
}

/** Component name → schema. Each is emitted once under `components.schemas` and referenced by name. */
const components = {
  ChatCompletionRequest: chatCompletionRequestSchema,
  ChatMessage: chatMessageSchema,
  SystemMessage: systemMessageSchema,
  DeveloperMessage: developerMessageSchema,
  UserMessage: userMessageSchema,
  AssistantMessage: assistantMessageSchema,
  ToolMessage: toolMessageSchema,
  ContentPart: contentPartSchema,
  TextPart: textPartSchema,
  ImagePart: imagePartSchema,
  AudioPart: audioPartSchema,
  FilePart: filePartSchema,
  RefusalPart: refusalPartSchema,
  FunctionTool: functionToolSchema,
  ToolChoice: toolChoiceSchema,
  ResponseFormat: responseFormatSchema,
  Stop: stopSchema,
  ToolCall: toolCallSchema,
  ChatCompletion: chatCompletionSchema,
  ChatCompletionChunk: chatCompletionChunkSchema,
  ToolCallDelta: toolCallDeltaSchema,
  ChoiceLogprobs: choiceLogprobsSchema,
  CompletionUsage: completionUsageSchema,
  FinishReason: finishReasonSchema,
  ErrorBody: errorBodySchema,
  Model: modelSchema,
  ModelPricing: modelPricingSchema,
  ModelList: modelListSchema,
} as const;

export type ComponentName = keyof typeof components;

const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * Builds the JSON Schemas of every public component with zod 4's own `z.toJSONSchema`, references
 * between them written as `#/components/schemas/<Name>`.
 *
 * Generated in "input" mode: a schema describes what the gateway accepts, and objects that zod
 * strips (rather than rejects) carry no `additionalProperties: false`.
 */
export function generateComponentSchemas(): Record<ComponentName, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
  });
  const result: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // `$id: "#/components/…"` is not a valid 2020-12 `$id` (no fragments allowed); the component's place names it.
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    result[id] = rest;
  }
  return result as Record<ComponentName, JsonSchema>;
}

const reference = (name: ComponentName) => ({ $ref: `${COMPONENT_PREFIX}${name}` });

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: reference('ErrorBody') } } };
}

const errorResponses = {
  '400': errorResponse('The request is invalid. `error.param` names the first bad field.'),
  '401': errorResponse('The API key is missing or invalid.'),
  '403': errorResponse('The API key may not use this model.'),
  '404': errorResponse('The model does not exist.'),
  '409': errorResponse('The upstream provider reported a conflict.'),
  '413': errorResponse('The request is too large for the upstream provider.'),
  '429': errorResponse('A rate limit or budget was exceeded, or the upstream quota is exhausted.'),
  '500': errorResponse('The gateway failed.'),
  '502': errorResponse('Every upstream provider for the model failed.'),
  '503': errorResponse('The upstream provider is overloaded.'),
  '504': errorResponse('The upstream provider timed out.'),
};

/**
 * The OpenAPI 3.1 document of the gateway's public routes, generated from the same zod schemas that
 * validate requests, so the document and the validation cannot drift apart.
 *
 * @example
 * app.get('/openapi.json', (c) => c.json(openApiDocument({ serverUrl: 'https://llm.example.com' })));
 */
export function openApiDocument(options: OpenApiDocumentOptions = {}): OpenApiDocument {
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'llmux',
      version: options.version ?? '1.0.0',
      description:
        "An OpenAI-compatible gateway: OpenAI's Chat Completions API in front of many vendors' models.",
    },
    paths: {
      '/v1/chat/completions': {
        post: {
          operationId: 'createChatCompletion',
          summary: 'Create a chat completion, whole or streamed.',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: reference('ChatCompletionRequest') } },
          },
          responses: {
            '200': {
              description:
                'The completion as JSON, or, when `stream` is true, server-sent events: one `data:` line per chunk, ending with `data: [DONE]`.',
              content: {
                'application/json': { schema: reference('ChatCompletion') },
                // OpenAPI 3.1 has no field for the items of a stream (3.2's `itemSchema`), so the
                // schema describes one event, its `data` a JSON string per JSON Schema's
                // `contentMediaType`/`contentSchema`.
                'text/event-stream': {
                  schema: {
                    type: 'object',
                    description:
                      'One server-sent event. Every event but the last carries a ChatCompletionChunk; the last carries the string `[DONE]`.',
                    properties: {
                      data: {
                        type: 'string',
                        contentMediaType: 'application/json',
                        contentSchema: reference('ChatCompletionChunk'),
                      },
                    },
                    required: ['data'],
                  },
                },
              },
            },
            ...errorResponses,
          },
        },
      },
      '/v1/models': {
        get: {
          operationId: 'listModels',
          summary: 'List the models this key may use.',
          responses: {
            '200': {
              description: 'The models.',
              content: { 'application/json': { schema: reference('ModelList') } },
            },
            '401': errorResponses['401'],
            '500': errorResponses['500'],
          },
        },
      },
      '/v1/models/{id}': {
        get: {
          operationId: 'retrieveModel',
          summary: 'Describe one model.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The model.',
              content: { 'application/json': { schema: reference('Model') } },
            },
            '401': errorResponses['401'],
            '404': errorResponses['404'],
            '500': errorResponses['500'],
          },
        },
      },
    },
    components: {
      schemas: generateComponentSchemas(),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A gateway API key.' } },
    },
    security: [{ bearerAuth: [] }],
  };
  if (options.serverUrl !== undefined) document.servers = [{ url: options.serverUrl }];
  return document;
}
