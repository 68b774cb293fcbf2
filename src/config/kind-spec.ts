// What a kind says about itself, as plain data: where its entries live in the YAML, what names them, which
// references it offers and uses, which schema file owns its section. Config sits below the kinds, so the type lives
// here and the kinds' registry is handed in (`loadTenants({ kinds })`); the loader's merge keys, duplicate and
// reference checks, the composed schema and the export layout are all derived from it (`describeKinds`). What
// entries mean (a licensed user needs a usage location, groups may not nest in a cycle) is each kind's own rule,
// handed in the same way as code (`checks`), so config runs the rules without knowing any section.
import type { Severity } from '../plan/types.js';
import type { TenantConfig } from './model.js';
import type { RefIndex } from './references.js';

/** A finding about the merged config, at a path into it (`users[3].usageLocation`); the loader gives it its line. */
export interface Issue {
  severity: Severity;
  path: string;
  message: string;
}

/** What a kind's rule sees besides the merged tenant. */
export interface CheckContext {
  /** The declared keys by reference type (users, groups by nickname, recipients) and the tenant's domains. */
  index: RefIndex;
  /** Validation time (ignore-rule expiry and the like); tests pin it. */
  now: Date;
}

/**
 * A rule about what a kind's entries mean, beyond the schema: ISO country codes, Microsoft's published licensing and
 * role names, cycles, which recipients Exchange accepts for a permission. Run by the loader on every merged tenant
 * (so validate, plan and apply all refuse what it refuses), needing no tenant; each issue names its config path.
 */
export type KindCheck = (config: TenantConfig, ctx: CheckContext) => Issue[];

/**
 * - `collection`: a keyed list of entries (users by userPrincipalName, groups by mailNickname).
 * - `child`: entries living in a field of a parent's entries (a user's `licenses`, a group's `members`).
 * - `singleton`: one object per tenant (`partner.adminLink`).
 */
export type KindShape = 'collection' | 'child' | 'singleton';

/** The fields whose values, compared case-insensitively in NFC, name one entry of a keyed list. */
export type ListKey = readonly [string, ...string[]];

/** A reference type this kind's entries declare: `user` by `userPrincipalName`, `recipient` by an address. */
export interface RefOffer {
  /** The type: referenced as `<type>:<key>` (a bare address is a `user`, else a `recipient`). */
  type: string;
  /** The field of an entry holding the key; `aliases[]` takes every item of a list. */
  field: string;
  /** An address that must be in one of the tenant's domains, unless its entry says `external: true`. */
  inTenant?: boolean;
}

/** A field of this kind's entries (relative to an entry of `section`) that references declared objects. */
export interface RefUse {
  /** `manager`, `members[]`, `permissions.fullAccess[].user`: `[]` walks every item of a list. */
  field: string;
  /** The offered types it may name; a reference of another offered type is an error. */
  types: readonly string[];
  /** Values that are no reference (`Default` and `Anonymous` in a calendar's permissions). */
  except?: readonly string[];
}

export interface KindSpec {
  /** The kind's name, as changes and `policy.prune` say it. */
  kind: string;
  shape: KindShape;
  /**
   * The YAML section: a top-level key or a dotted path into one (`partner.gdap`). A child names its parent's section,
   * and export writes the kind's share of a tenant there.
   */
  section: string;
  /**
   * A collection: the key of the section's entries (loader merge key, duplicate check, export's merge of fragments).
   * A child: the key of its own entries in the parent's `fields` lists, when they are keyed maps (`licenses` by sku).
   */
  listKey?: ListKey;
  /** How a collection's key is named in a duplicate error (`mailbox address`). */
  keyLabel?: string;
  /** A child: the parent kind. Absent when the parent section is no kind's own (`azure.subscriptions`). */
  parent?: string;
  /** A child without a parent kind: the key of the parent section's entries and its label (`subscription`). */
  parentKey?: ListKey;
  parentLabel?: string;
  /** A child: the fields of the parent's entries it lives in (`licenses`; `members` and `owners`). */
  fields?: readonly string[];
  /** Keyed lists inside this kind's own entries that it manages itself (a group's `licenses` by sku). */
  lists?: readonly { field: string; key: ListKey }[];
  /** The address prefix of its changes: `user` in `user:alice@contoso.com`. */
  prefix: string;
  offers?: readonly RefOffer[];
  uses?: readonly RefUse[];
  /**
   * The JSON Schema file owning the section's top-level key: a name in `schemas/` (published for editors), or an
   * absolute path. Child kinds are described by their parent's file and name none.
   */
  schema?: string;
  /** The kind's rules about what its entries mean (`KindCheck`), run on every merged tenant in registry order. */
  checks?: readonly KindCheck[];
}

/** The first segment of a section path: the top-level key, which also names its exported file. */
export const topKey = (section: string): string => section.split('.')[0]!;

/** Keys compare as Entra and Exchange compare them: case-insensitive, in one Unicode form (NFC). */
export const normalName = (v: string): string => v.normalize('NFC').toLowerCase();

/** The normalised key of an entry, or undefined when its first key field is not a string (not keyed). */
export function entryKey(item: Record<string, unknown>, key: ListKey): string | undefined {
  const part = (f: string): string | undefined => (typeof item[f] === 'string' ? normalName(item[f]) : undefined);
  if (part(key[0]) === undefined) return undefined;
  return key.map((f) => part(f) ?? '').join('|');
}

export interface Found {
  value: unknown;
  /** The path relative to the walked value, as diagnostics say it: `permissions.fullAccess[2].user`. */
  path: string;
}

/** Every value at `field` (segments joined by `.`, `[]` walking a list's items), with the path to it. */
export function valuesAt(root: unknown, field: string): Found[] {
  let found: Found[] = [{ value: root, path: '' }];
  for (const seg of field.split('.')) {
    const list = seg.endsWith('[]');
    const name = list ? seg.slice(0, -2) : seg;
    found = found.flatMap(({ value, path }) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
      const v = (value as Record<string, unknown>)[name];
      const at = path ? `${path}.${name}` : name;
      if (v === undefined) return [];
      if (!list) return [{ value: v, path: at }];
      // Holes (items a schema error removed from the check) are skipped, and the others keep their index.
      return Array.isArray(v) ? Object.keys(v).map((i) => ({ value: v[Number(i)], path: `${at}[${i}]` })) : [];
    });
  }
  return found;
}

/** The value at a dotted section path of a document (`partner.gdap`), when present. */
export function sectionOf(doc: unknown, section: string): unknown {
  return valuesAt(doc, section)[0]?.value;
}
