import type { ChatCompletionRequest, ReasoningEffort } from '@llmux/contract';
import type { TranslationWarning } from './adapter.js';
import type { InboundModel } from './inbound.js';

/** From least to most thinking: "nearest" is measured along this scale. */
const EFFORT_SCALE: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/**
 * An inbound protocol's thinking request (Anthropic's `thinking`, Gemini's `thinkingConfig`) as the hub's
 * `reasoning_effort` for one model: the nearest value the model accepts (ties upward: a client that asked for
 * thought should not get less), `none` only where the model can turn reasoning off. Never a 400 — agents always
 * send one — so whatever cannot be served is dropped with a warning under `param`.
 */
export function serveReasoningEffort(
  wanted: ReasoningEffort,
  model: InboundModel,
  param: string,
  hub: ChatCompletionRequest,
  warnings: TranslationWarning[],
): void {
  const accepted = model.reasoningEffort;
  if (!model.reasoning || accepted === null || accepted.length === 0) {
    if (wanted === 'none' && !model.reasoning) return;
    warnings.push({
      param,
      action: 'dropped',
      message: model.reasoning
        ? `${model.id} has no reasoning setting; it thinks as it always does`
        : `${model.id} is not a reasoning model`,
    });
    return;
  }
  if (wanted === 'none') {
    if (accepted.includes('none')) hub.reasoning_effort = 'none';
    else {
      warnings.push({
        param,
        action: 'dropped',
        message: `${model.id} cannot turn reasoning off; it reasons at its default effort`,
      });
    }
    return;
  }
  const chosen = nearestEffort(wanted, accepted);
  if (chosen === undefined) return;
  hub.reasoning_effort = chosen;
  if (chosen !== wanted) {
    warnings.push({
      param,
      action: 'translated',
      message: `reasoning effort "${wanted}" served as "${chosen}", the nearest ${model.id} accepts`,
    });
  }
}

/** A thinking budget in tokens as the effort whose budget (an adapter's table) is nearest, in log scale. */
export function effortOfBudget(
  budget: number,
  budgets: Readonly<Partial<Record<ReasoningEffort, number>>>,
): ReasoningEffort {
  let best: ReasoningEffort = 'minimal';
  let distance = Number.POSITIVE_INFINITY;
  for (const [effort, value] of Object.entries(budgets) as [ReasoningEffort, number][]) {
    // 24k is nearer 32k than 16k: thinking budgets double per step.
    const gap = Math.abs(Math.log2(budget) - Math.log2(value));
    if (gap < distance) {
      best = effort;
      distance = gap;
    }
  }
  return best;
}

function nearestEffort(wanted: ReasoningEffort, accepted: readonly string[]): ReasoningEffort | undefined {
  const target = EFFORT_SCALE.indexOf(wanted);
  let best: ReasoningEffort | undefined;
  let distance = Number.POSITIVE_INFINITY;
  for (const value of EFFORT_SCALE) {
    if (value === 'none' || !accepted.includes(value)) continue;
    const gap = Math.abs(EFFORT_SCALE.indexOf(value) - target);
    if (gap <= distance) {
      best = value;
      distance = gap;
    }
  }
  return best;
}
