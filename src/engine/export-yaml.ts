// Writes exported sections as YAML with the `yaml` library: the schema modeline first, section comments above their
// key, item notes above their entry, short lists of names in flow style. Nothing in here depends on time or order of
// reads, so exporting twice gives the same bytes.
import { Document, isMap, isScalar, isSeq, visit, type Node, type Pair } from 'yaml';

/** Relative to a tenant folder `tenants/<name>/`, as the example tenants have it; export passes the real one. */
export const DEFAULT_SCHEMA_REF = '../../schemas/tenant-document.schema.json';

export interface SectionItem {
  value: Record<string, unknown>;
  notes: string[];
}

export interface SectionContent {
  /** Path of keys, e.g. `['azure', 'subscriptions']`. */
  path: string[];
  comments: string[];
  /** A list section; or `value` for a single object such as `tenant`. */
  items?: SectionItem[];
  value?: unknown;
}

export interface SectionFile {
  name: string;
  sections: SectionContent[];
}

/** Keys whose lists are short names, written `[a, b]`; and lists whose entries are small maps, written `{ sku: X }`. */
const FLOW_LISTS = new Set(['domains', 'roles', 'disabledPlans', 'businessPhones', 'aliases', 'sendAs', 'sendOnBehalf']);
const FLOW_ITEMS = new Set(['licenses', 'fullAccess', 'calendar', 'roleAssignments']);
const FLOW_MAPS = new Set(['forwarding', 'protocols']);

const comment = (lines: string[]): string => lines.map((l) => ` ${l}`).join('\n');

function setPath(root: Record<string, unknown>, path: string[], value: unknown): void {
  let at = root;
  for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[path[path.length - 1]!] = value;
}

function pairAt(doc: Document, path: string[]): Pair | undefined {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    node = pair?.value;
  }
  return pair;
}

function styleFlow(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (FLOW_LISTS.has(key) && isSeq(pair.value)) pair.value.flow = true;
      if (FLOW_ITEMS.has(key) && isSeq(pair.value)) for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      if (FLOW_MAPS.has(key) && isMap(pair.value)) pair.value.flow = true;
    },
  });
}

export function renderSectionFile(file: SectionFile, schemaRef = DEFAULT_SCHEMA_REF): string {
  const root: Record<string, unknown> = {};
  for (const s of file.sections) setPath(root, s.path, s.items ? s.items.map((i) => i.value) : s.value);
  const doc = new Document(root);
  doc.commentBefore = ` yaml-language-server: $schema=${schemaRef}`;
  for (const s of file.sections) {
    const pair = pairAt(doc, s.path);
    if (!pair) continue;
    if (s.comments.length && isScalar(pair.key)) pair.key.commentBefore = comment(s.comments);
    if (!s.items || !isSeq(pair.value)) continue;
    pair.value.items.forEach((node, i) => {
      const notes = s.items![i]?.notes ?? [];
      if (notes.length) (node as Node).commentBefore = comment(notes);
    });
  }
  styleFlow(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
