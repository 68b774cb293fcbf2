// Renderings of a plan: pure functions of the Plan JSON.
import type { Plan } from '../types.js';
import { renderJson } from './json.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderText } from './text.js';

export { renderJson, renderMarkdown, renderText };
export type { MarkdownOptions };
export type { TextOptions } from './text.js';

export type PlanFormat = 'text' | 'markdown' | 'json';
export const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'markdown', 'json'];

export function renderPlan(plan: Plan, format: PlanFormat, opts: { color?: boolean; markdown?: MarkdownOptions } = {}): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return renderMarkdown(plan, opts.markdown);
  return renderText(plan, { color: opts.color });
}
