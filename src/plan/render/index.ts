// Renderings of a plan: pure functions of the Plan JSON, produced in chunks so output of any size streams.
import type { Plan } from '../types.js';
import { joinChunks } from './common.js';
import { canonicalChunks, jsonChunks, renderJson } from './json.js';
import { markdownChunks, renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderText, textChunks } from './text.js';

export { canonicalChunks, jsonChunks, markdownChunks, renderJson, renderMarkdown, renderText, textChunks };
export type { MarkdownOptions };
export type { TextOptions } from './text.js';

export type PlanFormat = 'text' | 'markdown' | 'json';
export const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'markdown', 'json'];

export interface RenderOptions {
  color?: boolean;
  markdown?: MarkdownOptions;
}

export function planChunks(plan: Plan, format: PlanFormat, opts: RenderOptions = {}): Generator<string> {
  if (format === 'json') return jsonChunks(plan);
  if (format === 'markdown') return markdownChunks(plan, opts.markdown);
  return textChunks(plan, { color: opts.color });
}

export function renderPlan(plan: Plan, format: PlanFormat, opts: RenderOptions = {}): string {
  return joinChunks(planChunks(plan, format, opts));
}
