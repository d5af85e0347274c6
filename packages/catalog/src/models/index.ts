import type { CatalogEntryInput } from '../schema.js';
import { alibabaModels } from './alibaba.js';
import { anthropicModels } from './anthropic.js';
import { bytedanceModels } from './bytedance.js';
import { deepseekModels } from './deepseek.js';
import { googleModels } from './google.js';
import { minimaxModels } from './minimax.js';
import { moonshotModels } from './moonshot.js';
import { openaiModels } from './openai.js';
import { xaiModels } from './xai.js';
import { zhipuModels } from './zhipu.js';

/** The built-in entries, by vendor, as written (defaults not yet applied). */
export const builtinEntries: readonly CatalogEntryInput[] = [
  ...anthropicModels,
  ...openaiModels,
  ...deepseekModels,
  ...alibabaModels,
  ...bytedanceModels,
  ...minimaxModels,
  ...moonshotModels,
  ...xaiModels,
  ...googleModels,
  ...zhipuModels,
];
