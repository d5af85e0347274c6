export { catchProviderError, rejectionOf } from './catch-provider-error.js';
export {
  type ConformanceOptions,
  createConformanceContext,
  NO_CAPABILITIES,
  runConformanceSuite,
  sampleRequestFor,
  translateEvents,
} from './conformance.js';
export {
  type ConformanceFixtures,
  ERROR_KINDS,
  type ErrorCase,
  type ErrorKind,
  type ExpectedAnswer,
  type FailingStreamCase,
  isNotApplicable,
  type NotApplicable,
  RESPONSE_KINDS,
  type RequestCase,
  type ResponseCase,
  type ResponseKind,
  readChunksFile,
  readStreamFixture,
  type StreamFixture,
} from './fixtures.js';
export { expectGeneratedSection, normalizeTable } from './generated-section.js';
export {
  type InboundAnswerCase,
  type InboundConformanceOptions,
  runInboundConformanceSuite,
} from './inbound-conformance.js';
export {
  type Answer,
  type AnswerChoice,
  accumulateStream,
  answerOfCompletion,
  ConformanceError,
  checkCompletion,
  checkStreamChunks,
  compareAnswers,
} from './invariants.js';
export { validateChunk, validateCompletion, validateErrorBody, validateModelList } from './openai-schema.js';
export { createTestContext } from './test-context.js';
