import type { OpenAICompatibleProfile } from '../profile.js';
import { arkProfile } from './ark.js';
import { dashscopeProfile } from './dashscope.js';
import { deepseekProfile } from './deepseek.js';
import { minimaxProfile } from './minimax.js';
import { moonshotProfile } from './moonshot.js';
import { xaiProfile } from './xai.js';
import { zhipuProfile } from './zhipu.js';

export {
  arkProfile,
  dashscopeProfile,
  deepseekProfile,
  minimaxProfile,
  moonshotProfile,
  xaiProfile,
  zhipuProfile,
};

/** Every built-in profile, by the catalog's provider id. */
export const PROFILES = {
  deepseek: deepseekProfile,
  xai: xaiProfile,
  moonshot: moonshotProfile,
  dashscope: dashscopeProfile,
  ark: arkProfile,
  minimax: minimaxProfile,
  zhipu: zhipuProfile,
} as const satisfies Record<string, OpenAICompatibleProfile>;

export type OpenAICompatibleProviderId = keyof typeof PROFILES;
