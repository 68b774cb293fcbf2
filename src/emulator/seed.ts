// The emulator seed: types mirroring schemas/emulator-seed.schema.json and the loader that validates against it.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import type { SeedTapConfiguration } from './graph/auth-methods.js';
import type { SeedTeam } from './graph/teams-model.js';

export interface SeedLicense { sku: string; disabledPlans?: string[] }
export interface SeedServicePlan {
  servicePlanId: string; servicePlanName: string; appliesTo?: string; provisioningStatus?: string;
  /** Plans that conflict with this one on one user, and plans this one needs enabled beside it. */
  exclusiveWith?: string[]; requires?: string[];
}
export interface SeedSku {
  skuId: string; skuPartNumber: string; seats: number; suspended?: number; warning?: number; lockedOut?: number;
  capabilityStatus?: string; appliesTo?: string; servicePlans: SeedServicePlan[];
}
export interface SeedUser {
  id?: string; userPrincipalName: string; displayName?: string; givenName?: string; surname?: string;
  mailNickname?: string; mail?: string; jobTitle?: string; department?: string; companyName?: string;
  officeLocation?: string; city?: string; country?: string; employeeId?: string; mobilePhone?: string;
  businessPhones?: string[]; preferredLanguage?: string; usageLocation?: string; userType?: 'Member' | 'Guest'; onPremisesSyncEnabled?: boolean;
  externalUserState?: 'PendingAcceptance' | 'Accepted'; passwordPolicies?: string;
  accountEnabled?: boolean; createdDateTime?: string; deletedDateTime?: string; manager?: string;
  licenses?: SeedLicense[]; mailboxSettings?: Record<string, unknown>;
}
export interface SeedGroup {
  id?: string; displayName: string; mailNickname?: string; description?: string; type?: 'security' | 'microsoft365';
  visibility?: string; membershipRule?: string; membershipRuleProcessingState?: 'On' | 'Paused';
  members?: string[]; owners?: string[]; licenses?: SeedLicense[]; createdDateTime?: string;
  /** The group's team (a Microsoft 365 group only). */
  team?: SeedTeam;
}
export interface SeedRoleAssignment { id?: string; role: string; principal: string; directoryScopeId?: string }
export interface SeedBooking {
  capacity?: number; bookingWindowInDays?: number; maximumDurationInMinutes?: number; allowConflicts?: boolean;
  automateProcessing?: 'None' | 'AutoUpdate' | 'AutoAccept';
}
export interface SeedMailbox {
  address: string; type: 'user' | 'shared' | 'room' | 'equipment'; displayName?: string; alias?: string;
  aliases?: string[]; hiddenFromAddressLists?: boolean; forwarding?: { to: string; keepCopy?: boolean };
  limits?: Record<string, number>; protocols?: Record<string, boolean>; archive?: boolean; litigationHold?: boolean;
  /** The mail it holds, as Get-MailboxStatistics counts it. */
  itemCount?: number; totalItemSizeMB?: number;
  permissions?: { fullAccess?: { user: string; autoMapping?: boolean }[]; sendAs?: string[]; sendOnBehalf?: string[] };
  calendar?: { user: string; access: string }[];
  room?: SeedBooking;
  autoReply?: { status: string; internalMessage?: string; externalMessage?: string; externalAudience?: string; start?: string; end?: string };
}
export interface SeedMailUser { userPrincipalName: string; displayName?: string; externalEmailAddress: string; aliases?: string[] }
export interface SeedContact { address: string; displayName?: string; firstName?: string; lastName?: string; alias?: string; company?: string; hiddenFromAddressLists?: boolean }
export interface SeedDistributionGroup {
  address: string; displayName: string; alias?: string; type?: 'distribution' | 'mailEnabledSecurity';
  members?: string[]; owners?: string[]; requireSenderAuthenticationEnabled?: boolean; hiddenFromAddressLists?: boolean;
  /** Delivery restrictions: sender addresses or `group:<alias>`. */
  acceptFrom?: string[]; rejectFrom?: string[];
}
export interface SeedAzureRoleAssignment { id?: string; principal: string; principalType?: string; role: string; scope?: string }
export interface SeedSubscription {
  subscriptionId: string; displayName: string; state?: string; resourceGroups?: string[];
  roleAssignments?: SeedAzureRoleAssignment[];
}
export interface SeedApp {
  clientId: string; displayName?: string; clientSecret?: string; clientSecretExpires?: string; roles?: string[];
  /** PEM certificates registered on the app (its keyCredentials): client assertions signed with them are verified. */
  certificates?: string[];
}
export interface SeedTenant {
  tenantId: string; displayName: string; domains: string[]; countryLetterCode?: string; skus: SeedSku[];
  users?: SeedUser[]; groups?: SeedGroup[]; deletedUsers?: SeedUser[]; directoryRoleAssignments?: SeedRoleAssignment[];
  mailboxes?: SeedMailbox[]; contacts?: SeedContact[]; mailUsers?: SeedMailUser[]; distributionGroups?: SeedDistributionGroup[];
  subscriptions?: SeedSubscription[]; adminLink?: { partnerId: string; partnerName?: string; objectId?: string };
  apps?: SeedApp[];
  servicePrincipals?: { appId: string; displayName?: string; roles?: string[] }[];
  authenticationMethodsPolicy?: { temporaryAccessPass?: SeedTapConfiguration };
  /** Security defaults (identitySecurityDefaultsEnforcementPolicy.isEnabled); off unless seeded. */
  securityDefaults?: boolean;
  /** Custom directory role definitions (unifiedRoleDefinition with isBuiltIn false). */
  customRoles?: { id: string; displayName: string; description?: string }[];
}
export interface SeedGdapRelationship {
  id?: string; displayName: string; customerTenantId: string; status?: string; duration?: string;
  autoExtendDuration?: string; roles: string[]; createdDateTime?: string; activatedDateTime?: string; endDateTime?: string;
  accessAssignments?: { id?: string; group: string; roles: string[]; status?: string }[];
}
export interface SeedCustomerSubscription {
  id?: string; offerId?: string; offerName: string; skuPartNumber?: string; quantity: number; status?: string;
  billingCycle?: string; termDuration?: string; autoRenewEnabled?: boolean;
  /** ISO date-times: when the subscription was bought, and when it last renewed into its current term. */
  creationDate?: string; renewalDate?: string;
}
export interface SeedCustomer {
  tenantId: string; companyName?: string; domain?: string; relationshipToPartner?: string;
  subscriptions?: SeedCustomerSubscription[];
}
/** A refresh token a partner user's one interactive sign-in left (Secure Application Model), for one app. */
export interface SeedRefreshToken { token: string; user: string; clientId: string; expiresDateTime?: string }
export interface SeedPartner {
  tenantId: string; displayName: string; domains: string[]; mpnId?: string; skus?: SeedSku[]; users?: SeedUser[];
  groups?: SeedGroup[]; apps?: SeedApp[]; gdapRelationships?: SeedGdapRelationship[]; customers?: SeedCustomer[];
  refreshTokens?: SeedRefreshToken[];
}
export interface SeedDocument { $schema?: string; tenants: SeedTenant[]; partner?: SeedPartner }

export class SeedError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source}: invalid emulator seed:\n  ${problems.join('\n  ')}`);
    this.name = 'SeedError';
  }
}

const here = dirname(fileURLToPath(import.meta.url));
/** Works from src/emulator (vitest) and dist/emulator (built CLI): both sit two levels below the package root. */
export const SEED_SCHEMA_PATH = resolve(here, '../../schemas/emulator-seed.schema.json');

type Validate = ((doc: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Validate | undefined;

function getValidator(): Validate {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const addFormats = addFormatsImport as unknown as (a: Ajv) => void;
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SEED_SCHEMA_PATH, 'utf8')) as object);
  }
  return validator;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  if (e.keyword === 'additionalProperties') {
    return `${where}: unknown property '${String((e.params as { additionalProperty: string }).additionalProperty)}'`;
  }
  if (e.keyword === 'enum') {
    return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${e.message ?? e.keyword}`;
}

/** Reads (YAML or JSON file) or takes a seed document, validates it and checks cross-references. */
export function loadSeed(pathOrDoc: string | SeedDocument): SeedDocument {
  let doc: unknown = pathOrDoc;
  let source = '(seed)';
  if (typeof pathOrDoc === 'string') {
    source = pathOrDoc;
    let text: string;
    try {
      text = readFileSync(pathOrDoc, 'utf8');
    } catch (err) {
      throw new SeedError(source, [`cannot read: ${(err as Error).message}`]);
    }
    try {
      doc = parseYaml(text);
    } catch (err) {
      throw new SeedError(source, [(err as Error).message]);
    }
  }
  const validate = getValidator();
  if (!validate(doc)) throw new SeedError(source, (validate.errors ?? []).map(describe));
  const seed = doc as SeedDocument;
  const problems = crossCheck(seed);
  if (problems.length > 0) throw new SeedError(source, problems);
  return seed;
}

function crossCheck(seed: SeedDocument): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  seed.tenants.forEach((t, i) => {
    if (ids.has(t.tenantId.toLowerCase())) problems.push(`/tenants/${i}/tenantId: duplicate tenant ${t.tenantId}`);
    ids.add(t.tenantId.toLowerCase());
    const domains = new Set(t.domains.map((d) => d.toLowerCase()));
    (t.mailboxes ?? []).forEach((m, j) => {
      if (m.room && m.type !== 'room' && m.type !== 'equipment') {
        problems.push(`/tenants/${i}/mailboxes/${j}/room: booking settings need a room or equipment mailbox, not ${m.type}`);
      }
    });
    (t.users ?? []).forEach((u, j) => {
      const domain = u.userPrincipalName.split('@')[1]?.toLowerCase() ?? '';
      if (!domains.has(domain)) {
        problems.push(`/tenants/${i}/users/${j}/userPrincipalName: domain '${domain}' is not a domain of the tenant`);
      }
    });
  });
  // An app id is global: one registration, in its home tenant; other tenants hold service principals for it.
  const homes = new Map<string, string>();
  [...seed.tenants.map((t, i) => [`/tenants/${i}`, t] as const), ...(seed.partner ? [['/partner', seed.partner] as const] : [])].forEach(([at, t]) => {
    (t.apps ?? []).forEach((a, j) => {
      const home = homes.get(a.clientId.toLowerCase());
      if (home) problems.push(`${at}/apps/${j}/clientId: app ${a.clientId} is already registered at ${home}`);
      else homes.set(a.clientId.toLowerCase(), `${at}/apps/${j}`);
    });
  });
  if (seed.partner && ids.has(seed.partner.tenantId.toLowerCase())) {
    problems.push(`/partner/tenantId: ${seed.partner.tenantId} is also listed as a customer tenant`);
  }
  return problems;
}
