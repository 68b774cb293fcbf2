// The desired state of one tenant after loading, merging baselines and validating. The section types are generated
// from schemas/ (src/config/generated.ts), so the YAML model and the code cannot drift apart.
import type { Diagnostic } from '../plan/types.js';
import type { TenantDocument, TenantSection } from './generated.js';

export type {
  AdminLinkSpec,
  AuthenticationMethodSpec,
  AuthorizationPolicySpec,
  AutoReplySpec,
  AzureSection,
  AzureSubscriptionSpec,
  CalendarPermissionSpec,
  ConditionalAccessPolicySpec,
  ConsentSpec,
  ContactSpec,
  GuestSpec,
  DynamicDistributionGroupSpec,
  MailUserSpec,
  DeliveryRestrictionsSpec,
  Ensure,
  ExchangeSettingsSpec,
  ForwardingSpec,
  FullAccessSpec,
  GdapAccessSpec,
  GdapSpec,
  GroupSpec,
  IgnoreRule,
  LicenseSpec,
  LifecycleSpec,
  ListMode,
  MailboxLimitsSpec,
  MailboxPermissionsSpec,
  MailboxProtocolsSpec,
  MailboxSpec,
  NamedLocationSpec,
  OneDriveSpec,
  OrganizationSpec,
  PartnerSection,
  Policy,
  PostureWaiver,
  PostureWaivers,
  PruneSettings,
  RoleAssignmentSpec,
  RoomSettingsSpec,
  SeatSpec,
  SecurityDefaultsSpec,
  SharePointSection,
  SharePointSettingsSpec,
  SharePointSiteSpec,
  TenantDocument,
  TenantSection,
  TemporaryAccessPassSpec,
  UserSpec,
} from './generated.js';

/** A merged, validated tenant: `tenant` is present, `extends` has been applied and removed. */
export type TenantConfig = Omit<TenantDocument, 'tenant' | 'extends'> & { tenant: TenantSection };

/** Where a value came from in the YAML. `file` is relative to the working directory. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A loaded tenant: its config plus where it came from, for diagnostics. */
export interface LoadedTenant {
  name: string;
  dir: string;
  config: TenantConfig;
  /** The YAML files merged into this tenant, baselines first (relative to the working directory). */
  files: string[];
  /** Maps a JSON path such as `users[3].usageLocation` to its source position (baseline values included). */
  locate(path: string): SourceLocation | undefined;
  /** Diagnostics that concern this tenant (errors make it unusable for plan/apply). */
  diagnostics: Diagnostic[];
}
