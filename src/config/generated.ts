// GENERATED from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.

/**
 * Baseline files, relative to the file that names them; merged first, tenant values win.
 */
export type Extends = string[]
export type LicenseList = LicenseSpec[]
/**
 * present (default) creates or updates the object; absent deletes it.
 */
export type Ensure = ("present" | "absent")
/**
 * User principal names or email addresses, or group:<mailNickname>.
 */
export type ReferenceList = string[]
/**
 * authoritative (default): the list is the whole truth; additive: listed entries are ensured, others left alone.
 */
export type ListMode = ("authoritative" | "additive")
export type EmailList = string[]
/**
 * Senders' addresses, or group:<mailNickname>.
 */
export type Senders = string[]
export type Values = string[]

/**
 * Any YAML file of a tenant folder or a baseline: every top-level key is optional here; the merged tenant must have `tenant`.
 */
export interface TenantDocument {
tenant?: TenantSection
extends?: Extends
policy?: Policy
vars?: Vars
users?: UserSpec[]
guests?: GuestSpec[]
groups?: GroupSpec[]
mailboxes?: MailboxSpec[]
contacts?: ContactSpec[]
dynamicDistributionGroups?: DynamicDistributionGroupSpec[]
mailUsers?: MailUserSpec[]
azure?: AzureSection
partner?: PartnerSection
namedLocations?: NamedLocationSpec[]
securityDefaults?: SecurityDefaultsSpec
authorizationPolicy?: AuthorizationPolicySpec
authenticationMethods?: AuthenticationMethodsSpec
exchangeSettings?: ExchangeSettingsSpec
sharepoint?: SharePointSection
conditionalAccess?: ConditionalAccessPolicySpec[]
}
export interface TenantSection {
/**
 * Equals the folder name under tenants/.
 */
name: string
tenantId: string
/**
 * Defaults to the first domain.
 */
primaryDomain?: string
/**
 * @minItems 1
 */
domains: string[]
/**
 * Defaults to global.
 */
cloud?: ("global" | "usgov" | "usgovdod" | "china")
/**
 * Rollout ring, applied in the order canary, early, broad by apply --rings. Defaults to broad.
 */
ring?: ("canary" | "early" | "broad")
organization?: OrganizationSpec
}
/**
 * The partner-side customer record this tenant belongs to.
 */
export interface OrganizationSpec {
id: string
name?: string
}
export interface Policy {
prune?: PruneSettings
/**
 * Addresses or keys that are never deleted, e.g. breakglass@contoso.onmicrosoft.com or group:all-staff.
 */
protected?: string[]
/**
 * The tenant's breakglass accounts (UPNs): every enabled Conditional Access policy that can block or require MFA must exclude them, or a group that holds exactly them.
 */
breakglass?: string[]
posture?: PostureWaivers
/**
 * A plan deleting more than this is refused.
 */
maxDeletes?: number
/**
 * A plan removing more than this many group members, group owners and role assignments (each counted) is refused.
 */
maxRemovals?: number
allow?: PolicyAllow
ignore?: IgnoreRule[]
}
/**
 * Per kind: delete live objects the YAML does not declare. Default false everywhere.
 */
export interface PruneSettings {
users?: boolean
licenses?: boolean
groups?: boolean
memberships?: boolean
mailboxes?: boolean
mailboxPermissions?: boolean
distributionGroups?: boolean
sharepointSites?: boolean
contacts?: boolean
dynamicDistributionGroups?: boolean
mailUsers?: boolean
directoryRoles?: boolean
roleAssignments?: boolean
azureRoleAssignments?: boolean
gdap?: boolean
seats?: boolean
conditionalAccess?: boolean
namedLocations?: boolean
guests?: boolean
}
/**
 * Waivers of plan-time posture checks, by check id, or `<check-id>:<policy displayName>` for one policy.
 */
export interface PostureWaivers {
[k: string]: PostureWaiver
}
export interface PostureWaiver {
waive: true
reason: string
}
/**
 * Explicit overrides of the plan-time guardrails; each is off unless set to true.
 */
export interface PolicyAllow {
/**
 * Allow a plan that leaves the tenant without an enabled user holding Global Administrator.
 */
removeLastGlobalAdmin?: boolean
/**
 * Allow a plan that leaves a group that has owners with none.
 */
ownerlessGroups?: boolean
}
/**
 * Accepted drift on one object, with a reason and an expiry.
 */
export interface IgnoreRule {
address: string
fields?: string[]
reason: string
expires?: string
}
/**
 * Variables that baselines use as ${vars.name}: scalars and lists. A baseline's vars are defaults; the tenant's values win.
 */
export interface Vars {
[k: string]: string | number | boolean | (string | number | boolean)[]
}
export interface UserSpec {
/**
 * The key.
 */
userPrincipalName: string
displayName?: string
givenName?: string
surname?: string
jobTitle?: string
department?: string
officeLocation?: string
mobilePhone?: string
/**
 * @maxItems 1
 */
businessPhones?: string[]
city?: string
country?: string
companyName?: string
employeeId?: string
/**
 * Required when licenses are declared.
 */
usageLocation?: string
accountEnabled?: boolean
/**
 * Graph's passwordPolicies of the user, managed when given: DisablePasswordExpiration (the password never expires), DisableStrongPassword. An empty list clears them.
 */
passwordPolicies?: ("DisablePasswordExpiration" | "DisableStrongPassword")[]
manager?: string
licenses?: LicenseList
/**
 * Entra directory roles by display name.
 */
roles?: string[]
/**
 * Declared for reference only (a guest or a user managed elsewhere).
 */
external?: boolean
temporaryAccessPass?: TemporaryAccessPassSpec
lifecycle?: LifecycleSpec
ensure?: Ensure
}
export interface LicenseSpec {
/**
 * skuPartNumber, e.g. SPE_E3
 */
sku: string
/**
 * Service plan names to switch off, e.g. YAMMER_ENTERPRISE
 */
disabledPlans?: string[]
}
/**
 * A Temporary Access Pass issued once, when the user is created, encrypted to recipient and written under apply's --secrets-dir; never printed.
 */
export interface TemporaryAccessPassSpec {
/**
 * The age public key (age1…) the pass is encrypted to.
 */
recipient: string
/**
 * 10 to 43200 (30 days); default: the tenant policy's defaultLifetimeInMinutes.
 */
lifetimeInMinutes?: number
/**
 * One sign-in only; default: the tenant policy's.
 */
isUsableOnce?: boolean
}
/**
 * A leaver: tenantform blocks sign-in, revokes sessions, converts the mailbox to shared with FullAccess for the delegate, sets the auto-reply, hides it from address lists, then removes licenses and group memberships; deleted after deleteAfter.
 */
export interface LifecycleSpec {
/**
 * leaver: off-boarded, the mailbox kept as shared; deleted: the user is deleted.
 */
state: ("leaver" | "deleted")
/**
 * The day the user left (UTC); required for a leaver: sign-in sessions valid from before it are revoked.
 */
since?: string
/**
 * Who gets FullAccess to the shared mailbox; default: the user's manager.
 */
delegate?: string
autoReply?: (string | AutoReplySpec)
/**
 * Groups (by mailNickname) the user stays a member of.
 */
keepGroups?: string[]
/**
 * Convert the mailbox to shared before its licenses go (default true); false lets Exchange remove it 30 days after the license.
 */
convertMailbox?: boolean
/**
 * From this day (UTC, by the plan's time) the user is deleted; its mailbox goes to Exchange's soft-deleted mailboxes.
 */
deleteAfter?: string
}
export interface AutoReplySpec {
status: ("disabled" | "enabled" | "scheduled")
internalMessage?: string
externalMessage?: string
externalAudience?: ("none" | "contactsOnly" | "all")
start?: string
end?: string
}
/**
 * An external (B2B) guest, invited through Graph's invitation API and keyed by the address invited.
 */
export interface GuestSpec {
/**
 * The invited address (outside the tenant's domains), the key; groups name the guest by it.
 */
email: string
/**
 * Managed when given; sent as invitedUserDisplayName.
 */
displayName?: string
/**
 * Where the guest lands after redeeming (inviteRedirectUrl); default https://myapps.microsoft.com.
 */
redirectUrl?: string
/**
 * Whether Microsoft emails the invitation (sendInvitationMessage); default false: hand out the redeem link the apply summary gives.
 */
sendInvitation?: boolean
/**
 * The invitation email's own text (invitedUserMessageInfo.customizedMessageBody); with sendInvitation only.
 */
message?: string
ensure?: Ensure
}
export interface GroupSpec {
/**
 * The key; referenced as group:<mailNickname>.
 */
mailNickname: string
displayName?: string
description?: string
type?: ("security" | "microsoft365" | "mailEnabledSecurity" | "distribution")
visibility?: ("Private" | "Public" | "HiddenMembership")
members?: ReferenceList
owners?: ReferenceList
membersMode?: ListMode
/**
 * Makes the group dynamic; then members must be absent.
 */
membershipRule?: string
membershipRuleProcessingState?: ("On" | "Paused")
licenses?: LicenseList
primarySmtpAddress?: string
hiddenFromAddressLists?: boolean
deliveryRestrictions?: DeliveryRestrictionsSpec
team?: TeamSpec
ensure?: Ensure
/**
 * Allows a destructive replace when the live group has another type that cannot be converted in place (security and Microsoft 365): delete, purge from deleted items, create. Members, owners, mail, files and the team of the old group are lost; counted by policy.maxDeletes.
 */
replace?: boolean
}
export interface DeliveryRestrictionsSpec {
acceptFrom?: ReferenceList
rejectFrom?: ReferenceList
requireAuthenticatedSenders?: boolean
}
/**
 * The Microsoft Teams team of this Microsoft 365 group: created when missing, its declared settings kept, archived or not, its declared channels. Settings not named are left as they are.
 */
export interface TeamSpec {
/**
 * Archive (true) or unarchive (false) the team; absent leaves it as it is.
 */
archived?: boolean
memberSettings?: TeamMemberSettingsSpec
guestSettings?: TeamGuestSettingsSpec
messagingSettings?: TeamMessagingSettingsSpec
funSettings?: TeamFunSettingsSpec
channels?: ChannelSpec[]
}
export interface TeamMemberSettingsSpec {
allowAddRemoveApps?: boolean
allowCreatePrivateChannels?: boolean
allowCreateUpdateChannels?: boolean
allowCreateUpdateRemoveConnectors?: boolean
allowCreateUpdateRemoveTabs?: boolean
allowDeleteChannels?: boolean
}
export interface TeamGuestSettingsSpec {
allowCreateUpdateChannels?: boolean
allowDeleteChannels?: boolean
}
export interface TeamMessagingSettingsSpec {
allowChannelMentions?: boolean
allowOwnerDeleteMessages?: boolean
allowTeamMentions?: boolean
allowUserDeleteMessages?: boolean
allowUserEditMessages?: boolean
}
export interface TeamFunSettingsSpec {
allowCustomMemes?: boolean
allowGiphy?: boolean
allowStickersAndMemes?: boolean
giphyContentRating?: ("strict" | "moderate")
}
export interface ChannelSpec {
/**
 * The key within the team, compared as Teams does: case-insensitive, in NFC.
 */
displayName: string
description?: string
/**
 * Graph's membershipType; set at creation only. Default standard.
 */
type?: ("standard" | "private" | "shared")
/**
 * Private and shared channels: owners by user principal name (the list is authoritative).
 */
owners?: string[]
/**
 * Private and shared channels: members by user principal name (the list is authoritative).
 */
members?: string[]
ensure?: Ensure
}
export interface MailboxSpec {
/**
 * Primary SMTP address, the key.
 */
address: string
type?: ("user" | "shared" | "room" | "equipment")
displayName?: string
aliases?: EmailList
hiddenFromAddressLists?: boolean
forwarding?: ForwardingSpec
limits?: MailboxLimitsSpec
protocols?: MailboxProtocolsSpec
archive?: boolean
litigationHold?: boolean
permissions?: MailboxPermissionsSpec
calendar?: CalendarPermissionSpec[]
/**
 * Permissions on the mailbox's contacts folder (its delegates), as calendar's; the folder is found by type, whatever its localized name.
 */
contactsFolder?: ContactsFolderPermissionSpec[]
autoReply?: AutoReplySpec
room?: RoomSettingsSpec
regional?: MailboxRegionalSpec
policies?: MailboxPoliciesSpec
deliveryRestrictions?: MailboxDeliveryRestrictionsSpec
/**
 * Mailbox audit logging (Set-Mailbox -AuditEnabled); on by default in Exchange Online.
 */
auditEnabled?: boolean
/**
 * The MailTip senders see; empty removes it. Exchange stores it wrapped in <html><body>.
 */
mailTip?: string
ensure?: Ensure
}
export interface ForwardingSpec {
to: string
keepCopy?: boolean
}
export interface MailboxLimitsSpec {
maxSendSizeKB?: number
maxReceiveSizeKB?: number
issueWarningQuotaMB?: number
prohibitSendQuotaMB?: number
prohibitSendReceiveQuotaMB?: number
}
export interface MailboxProtocolsSpec {
owa?: boolean
imap?: boolean
pop?: boolean
mapi?: boolean
activeSync?: boolean
ews?: boolean
}
export interface MailboxPermissionsSpec {
fullAccess?: FullAccessSpec[]
sendAs?: string[]
sendOnBehalf?: string[]
mode?: ListMode
}
export interface FullAccessSpec {
user: string
autoMapping?: boolean
}
export interface CalendarPermissionSpec {
/**
 * A user's address, Default or Anonymous.
 */
user: string
access: ("Owner" | "PublishingEditor" | "Editor" | "PublishingAuthor" | "Author" | "NonEditingAuthor" | "Reviewer" | "Contributor" | "AvailabilityOnly" | "LimitedDetails" | "None")
}
export interface ContactsFolderPermissionSpec {
/**
 * A user's address, Default or Anonymous.
 */
user: string
/**
 * AvailabilityOnly and LimitedDetails apply to calendar folders only (Add-MailboxFolderPermission).
 */
access: ("Owner" | "PublishingEditor" | "Editor" | "PublishingAuthor" | "Author" | "NonEditingAuthor" | "Reviewer" | "Contributor" | "None")
}
/**
 * Booking settings of a room or equipment mailbox.
 */
export interface RoomSettingsSpec {
capacity?: number
bookingWindowInDays?: number
maximumDurationInMinutes?: number
allowConflicts?: boolean
automateProcessing?: ("None" | "AutoUpdate" | "AutoAccept")
}
/**
 * Set-MailboxRegionalConfiguration: default folder names are not localized.
 */
export interface MailboxRegionalSpec {
/**
 * A culture code, e.g. de-DE.
 */
language?: string
/**
 * A Windows time zone key name, e.g. W. Europe Standard Time.
 */
timeZone?: string
/**
 * e.g. dd.MM.yyyy, valid for the language.
 */
dateFormat?: string
/**
 * e.g. HH:mm, valid for the language.
 */
timeFormat?: string
}
/**
 * Policies assigned by name (Set-Mailbox); each must exist in the tenant. addressBook: null removes the address book policy.
 */
export interface MailboxPoliciesSpec {
retention?: string
sharing?: string
roleAssignment?: string
addressBook?: (string | null)
}
export interface MailboxDeliveryRestrictionsSpec {
acceptFrom?: Senders
rejectFrom?: Senders
requireAuthenticatedSenders?: boolean
}
/**
 * A mail contact (an external address in the address book).
 */
export interface ContactSpec {
/**
 * The external email address, the key.
 */
address: string
displayName?: string
firstName?: string
lastName?: string
company?: string
hiddenFromAddressLists?: boolean
ensure?: Ensure
}
/**
 * An Exchange Online dynamic distribution group: its members are the recipients its filter matches when mail is sent to it. Either a custom recipientFilter or a precanned filter (includedRecipients, with optional conditional values).
 */
export interface DynamicDistributionGroupSpec {
/**
 * Primary SMTP address, the key.
 */
address: string
displayName?: string
/**
 * An OPATH filter, e.g. (RecipientType -eq 'UserMailbox') -and (Department -eq 'Sales'). Compared without the system-mailbox exclusions Exchange appends, ignoring case, spacing and enclosing parentheses.
 */
recipientFilter?: string
/**
 * @minItems 1
 */
includedRecipients?: ("AllRecipients" | "MailboxUsers" | "MailContacts" | "MailGroups" | "MailUsers" | "Resources")[]
conditional?: DynamicGroupConditionsSpec
hiddenFromAddressLists?: boolean
/**
 * Accept mail only from authenticated (internal) senders; Exchange's default is true.
 */
requireAuthenticatedSenders?: boolean
ensure?: Ensure
}
/**
 * Precanned conditions (Conditional* parameters): values of one property are ORed, properties are ANDed. Those not listed are empty.
 */
export interface DynamicGroupConditionsSpec {
company?: Values
department?: Values
stateOrProvince?: Values
customAttribute1?: Values
customAttribute2?: Values
customAttribute3?: Values
customAttribute4?: Values
customAttribute5?: Values
customAttribute6?: Values
customAttribute7?: Values
customAttribute8?: Values
customAttribute9?: Values
customAttribute10?: Values
customAttribute11?: Values
customAttribute12?: Values
customAttribute13?: Values
customAttribute14?: Values
customAttribute15?: Values
}
/**
 * An Exchange Online mail user: an Entra account with an address in the tenant and no mailbox; mail sent to it goes to externalEmailAddress.
 */
export interface MailUserSpec {
/**
 * The account's user principal name (MicrosoftOnlineServicesID), the key; also its primary SMTP address.
 */
userPrincipalName: string
displayName?: string
/**
 * Where mail sent to the mail user is delivered. Required to create one.
 */
externalEmailAddress?: string
/**
 * Secondary SMTP addresses in the tenant's domains; the list is managed whole.
 */
aliases?: string[]
ensure?: Ensure
}
export interface AzureSection {
subscriptions?: AzureSubscriptionSpec[]
}
export interface AzureSubscriptionSpec {
id: string
displayName?: string
roleAssignments?: RoleAssignmentSpec[]
}
export interface RoleAssignmentSpec {
/**
 * user:<upn>, group:<mailNickname> or servicePrincipal:<appId>.
 */
principal: string
/**
 * Role definition name, e.g. Owner, Reader.
 */
role: string
/**
 * Relative (/resourceGroups/rg) or full (/subscriptions/<id>/...); default the subscription.
 */
scope?: string
ensure?: Ensure
}
export interface PartnerSection {
gdap?: GdapSpec[]
adminLink?: AdminLinkSpec
seats?: SeatSpec[]
consent?: ConsentSpec[]
}
export interface GdapSpec {
/**
 * Unique per customer; the key.
 */
displayName: string
/**
 * ISO 8601 duration between P1D and P2Y, e.g. P730D.
 */
duration: string
autoExtend?: ("PT0S" | "P180D")
/**
 * @minItems 1
 */
roles: string[]
access?: GdapAccessSpec[]
ensure?: Ensure
}
/**
 * A security group in the partner tenant and the roles of the relationship it is granted.
 */
export interface GdapAccessSpec {
group: string
/**
 * @minItems 1
 */
roles: string[]
}
/**
 * Azure Partner Admin Link.
 */
export interface AdminLinkSpec {
partnerId: string
}
/**
 * A Partner Center subscription and its quantity.
 */
export interface SeatSpec {
offer?: string
sku: string
quantity: number
}
/**
 * A partner app consented into the customer (Partner Center application consent) with exactly the grants its access needs for this tenant's declared kinds, as `tenantform permissions` lists them.
 */
export interface ConsentSpec {
/**
 * The multi-tenant app registered in the partner tenant; the key.
 */
applicationId: string
/**
 * read: the plan and drift grants (the read-only app); write: the apply grants (the writing app).
 */
access: ("read" | "write")
displayName?: string
/**
 * Entra directory roles of the app's service principal in the customer, by display name (Exchange Administrator for Exchange app-only). Declared, the list is authoritative (an empty list reads nothing and so removes nothing); omitted, the app's roles are not managed.
 */
roles?: string[]
ensure?: Ensure
}
/**
 * A named location: IP ranges (ipRanges, isTrusted) or countries (countriesAndRegions), never both.
 */
export interface NamedLocationSpec {
/**
 * The key (compared case-insensitively, in NFC).
 */
displayName: string
/**
 * IPv4 or IPv6 CIDR ranges, e.g. 203.0.113.0/24.
 */
ipRanges?: string[]
isTrusted?: boolean
countriesAndRegions?: string[]
includeUnknownCountriesAndRegions?: boolean
countryLookupMethod?: ("clientIpAddress" | "authenticatorAppGps")
ensure?: Ensure
}
/**
 * The tenant's security defaults switch.
 */
export interface SecurityDefaultsSpec {
/**
 * identitySecurityDefaultsEnforcementPolicy.isEnabled
 */
enabled: boolean
}
/**
 * The tenant's authorization policy (policies/authorizationPolicy): guest invitations and role, user consent, what default users may create. Only the keys given are managed.
 */
export interface AuthorizationPolicySpec {
allowInvitesFrom?: ("none" | "adminsAndGuestInviters" | "adminsGuestInvitersAndAllMembers" | "everyone")
/**
 * member: same access as members; guest: limited access (the default); restrictedGuest: their own directory objects only.
 */
guestUserRole?: ("member" | "guest" | "restrictedGuest")
/**
 * Users may consent to apps: not at all, for verified publishers' low-risk permissions, or to any app.
 */
userConsent?: ("none" | "lowRisk" | "all")
allowUserConsentForRiskyApps?: boolean
allowedToCreateApps?: boolean
allowedToCreateSecurityGroups?: boolean
allowedToCreateTenants?: boolean
allowedToReadOtherUsers?: boolean
allowedToReadBitlockerKeysForOwnedDevice?: boolean
/**
 * Self-service sign-up for email-based subscriptions.
 */
allowedToSignUpEmailBasedSubscriptions?: boolean
allowEmailVerifiedUsersToJoinOrganization?: boolean
allowedToUseSSPR?: boolean
blockMsolPowerShell?: boolean
}
/**
 * The tenant's authentication methods policy, per method: on or off, for which groups. Methods not listed are left as they are.
 */
export interface AuthenticationMethodsSpec {
microsoftAuthenticator?: AuthenticationMethodSpec
fido2?: AuthenticationMethodSpec
sms?: AuthenticationMethodSpec
voice?: AuthenticationMethodSpec
email?: AuthenticationMethodSpec
softwareOath?: AuthenticationMethodSpec
x509Certificate?: AuthenticationMethodSpec
temporaryAccessPass?: TapMethodSpec
}
export interface AuthenticationMethodSpec {
state: ("enabled" | "disabled")
/**
 * all_users, or groups by mailNickname.
 */
include?: string[]
/**
 * Groups by mailNickname.
 */
exclude?: string[]
}
export interface TapMethodSpec {
state: ("enabled" | "disabled")
}
/**
 * Tenant-wide Exchange Online settings, by their cmdlets' parameter names. Only the keys given are managed.
 */
export interface ExchangeSettingsSpec {
/**
 * Set-TransportConfig: true turns authenticated SMTP off for the organization.
 */
smtpClientAuthenticationDisabled?: boolean
/**
 * The default outbound spam policy: Off blocks automatic forwarding to external recipients.
 */
autoForwardingMode?: ("Automatic" | "On" | "Off")
/**
 * Set-OrganizationConfig: false keeps mailbox auditing on.
 */
auditDisabled?: boolean
/**
 * Set-OrganizationConfig: modern authentication.
 */
oauth2ClientProfileEnabled?: boolean
}
export interface SharePointSection {
settings?: SharePointSettingsSpec
sites?: SharePointSiteSpec[]
oneDrive?: OneDriveSpec[]
}
/**
 * The tenant's SharePoint and OneDrive settings, by Graph's sharepointSettings property names (PATCH /admin/sharepoint/settings). Only the keys given are read and managed.
 */
export interface SharePointSettingsSpec {
/**
 * Who content may be shared with: disabled (only people in the organization), existingExternalUserSharingOnly (existing guests), externalUserSharingOnly (new and existing guests), externalUserAndGuestSharing (anyone, with links).
 */
sharingCapability?: ("disabled" | "externalUserSharingOnly" | "externalUserAndGuestSharing" | "existingExternalUserSharingOnly")
/**
 * Whether sharing outside the organization is limited to sharingAllowedDomainList or barred from sharingBlockedDomainList.
 */
sharingDomainRestrictionMode?: ("none" | "allowList" | "blockList")
/**
 * Email domains sharing may go to (compared case-insensitively, in any order).
 */
sharingAllowedDomainList?: string[]
/**
 * Email domains sharing may not go to (compared case-insensitively, in any order).
 */
sharingBlockedDomainList?: string[]
/**
 * Whether guests may reshare what they do not own.
 */
isResharingByExternalUsersEnabled?: boolean
/**
 * Whether guests must sign in with the account the invitation was sent to.
 */
isRequireAcceptingUserToMatchInvitedUserEnabled?: boolean
/**
 * The default OneDrive storage limit of licensed users, in MB (1 TB is 1048576).
 */
personalSiteDefaultStorageLimitInMB?: number
/**
 * How long a deleted user's OneDrive is kept, in days.
 */
deletedUserPersonalSiteRetentionPeriodInDays?: number
/**
 * Whether site storage is managed automatically rather than per site.
 */
isSitesStorageLimitAutomatic?: boolean
/**
 * The storage quota of a new site, in MB.
 */
siteCreationDefaultStorageLimitInMB?: number
/**
 * The managed path of new team sites (/sites/ or /teams/).
 */
siteCreationDefaultManagedPath?: string
/**
 * Whether users may create sites.
 */
isSiteCreationEnabled?: boolean
/**
 * Whether the commands for creating sites are shown.
 */
isSiteCreationUIEnabled?: boolean
/**
 * Whether modern pages may be created on sites.
 */
isSitePagesCreationEnabled?: boolean
/**
 * Whether comments are allowed on modern site pages.
 */
isCommentingOnSitePagesEnabled?: boolean
/**
 * Whether the newsfeed is allowed on modern site pages.
 */
isSharePointNewsfeedEnabled?: boolean
/**
 * Whether Fluid Framework (Loop) is allowed on sites.
 */
isLoopEnabled?: boolean
/**
 * Whether legacy authentication protocols are allowed (false blocks them).
 */
isLegacyAuthProtocolsEnabled?: boolean
/**
 * Whether OneDrive sends push notifications of file activity.
 */
isFileActivityNotificationEnabled?: boolean
/**
 * Whether SharePoint sends mobile push notifications.
 */
isSharePointMobileNotificationEnabled?: boolean
/**
 * Whether the OneDrive sync app for Mac may sync.
 */
isMacSyncAppEnabled?: boolean
/**
 * Whether OneDrive's sync button is hidden.
 */
isSyncButtonHiddenOnPersonalSite?: boolean
/**
 * Whether the sync app may sync only on PCs joined to allowedDomainGuidsForSyncApp.
 */
isUnmanagedSyncAppForTenantRestricted?: boolean
/**
 * The AD domains (by GUID) whose PCs the sync app may sync on.
 */
allowedDomainGuidsForSyncApp?: string[]
/**
 * File extensions the sync app does not upload.
 */
excludedFileExtensionsForSyncApp?: string[]
imageTaggingOption?: ("disabled" | "basic" | "enhanced")
/**
 * The default time zone of new sites, as SPRegionalSettings.TimeZones names it.
 */
tenantDefaultTimezone?: string
/**
 * Sign-out of idle browser sessions on unmanaged devices; the values given are managed.
 */
idleSessionSignOut?: {
isEnabled: boolean
warnAfterInSeconds?: number
signOutAfterInSeconds?: number
}
}
/**
 * A communication site collection (SITEPAGEPUBLISHING#0), created with SPSiteManager and managed through the tenant admin API. A Microsoft 365 group's team site belongs to its group and is never created, changed or deleted here.
 */
export interface SharePointSiteSpec {
/**
 * The site's path on the tenant's SharePoint host (https://<tenant>.sharepoint.com), e.g. /sites/intranet; the key (compared case-insensitively).
 */
url: string
title?: string
/**
 * The primary site collection administrator, a user of the tenant by userPrincipalName (required to create: SharePoint wants it from app-only callers).
 */
owner?: string
/**
 * The site's storage quota in MB (SiteProperties.StorageMaximumLevel); managed only when given.
 */
storageQuotaMB?: number
/**
 * The site's external sharing (SiteProperties.SharingCapability), which the tenant's sharing setting bounds; managed only when given.
 */
sharingCapability?: ("disabled" | "externalUserSharingOnly" | "externalUserAndGuestSharing" | "existingExternalUserSharingOnly")
/**
 * The site's language at creation (1033 English); not changed afterwards.
 */
lcid?: number
ensure?: Ensure
}
/**
 * A user's OneDrive storage quota, set on the user's personal site through the tenant admin API. The OneDrive must exist (SharePoint provisions it for a licensed user); tenantform neither creates nor deletes one.
 */
export interface OneDriveSpec {
/**
 * The OneDrive's owner, a user of the tenant by userPrincipalName; the key.
 */
user: string
/**
 * The OneDrive's storage quota in MB (its site's StorageMaximumLevel); the tenant default is sharepoint.settings.personalSiteDefaultStorageLimitInMB.
 */
storageQuotaMB: number
}
/**
 * A Conditional Access policy (identity/conditionalAccess/policies). References are natural keys: users by UPN, groups by mailNickname, roles by name, named locations by displayName.
 */
export interface ConditionalAccessPolicySpec {
/**
 * The policy's name, the key (compared case-insensitively, in NFC).
 */
displayName: string
description?: string
/**
 * enabledForReportingButNotEnforced is report-only.
 */
state?: ("enabled" | "disabled" | "enabledForReportingButNotEnforced")
conditions?: CaConditionsSpec
grantControls?: CaGrantControlsSpec
sessionControls?: CaSessionControlsSpec
ensure?: Ensure
}
export interface CaConditionsSpec {
users?: CaUsersSpec
applications?: CaApplicationsSpec
clientApplications?: CaClientApplicationsSpec
clientAppTypes?: ("all" | "browser" | "mobileAppsAndDesktopClients" | "exchangeActiveSync" | "easSupported" | "other")[]
platforms?: CaPlatformsSpec
locations?: CaLocationsSpec
devices?: CaDevicesSpec
signInRiskLevels?: ("low" | "medium" | "high" | "hidden" | "none")[]
userRiskLevels?: ("low" | "medium" | "high" | "hidden" | "none")[]
servicePrincipalRiskLevels?: ("low" | "medium" | "high" | "hidden" | "none")[]
insiderRiskLevels?: ("minor" | "moderate" | "elevated")
authenticationFlows?: CaAuthenticationFlowsSpec
}
export interface CaUsersSpec {
/**
 * All, None, GuestsOrExternalUsers, or UPNs.
 */
includeUsers?: string[]
excludeUsers?: string[]
/**
 * mailNicknames.
 */
includeGroups?: string[]
excludeGroups?: string[]
/**
 * Entra role names, e.g. Global Administrator.
 */
includeRoles?: string[]
excludeRoles?: string[]
}
export interface CaApplicationsSpec {
/**
 * All, None, Office365, MicrosoftAdminPortals or application ids.
 */
includeApplications?: string[]
excludeApplications?: string[]
includeUserActions?: ("urn:user:registersecurityinfo" | "urn:user:registerdevice")[]
includeAuthenticationContextClassReferences?: string[]
applicationFilter?: CaFilterSpec
}
export interface CaFilterSpec {
mode: ("include" | "exclude")
rule: string
}
export interface CaClientApplicationsSpec {
includeServicePrincipals?: string[]
excludeServicePrincipals?: string[]
servicePrincipalFilter?: CaFilterSpec1
}
export interface CaFilterSpec1 {
mode: ("include" | "exclude")
rule: string
}
export interface CaPlatformsSpec {
includePlatforms?: ("android" | "iOS" | "windows" | "windowsPhone" | "macOS" | "linux" | "all")[]
excludePlatforms?: ("android" | "iOS" | "windows" | "windowsPhone" | "macOS" | "linux" | "all")[]
}
/**
 * All, AllTrusted, or a named location's displayName.
 */
export interface CaLocationsSpec {
includeLocations?: string[]
excludeLocations?: string[]
}
export interface CaDevicesSpec {
deviceFilter?: CaFilterSpec2
}
export interface CaFilterSpec2 {
mode: ("include" | "exclude")
rule: string
}
export interface CaAuthenticationFlowsSpec {
transferMethods?: ("none" | "deviceCodeFlow" | "authenticationTransfer" | "deviceCodeFlow,authenticationTransfer")
}
export interface CaGrantControlsSpec {
operator?: ("OR" | "AND")
builtInControls?: ("block" | "mfa" | "compliantDevice" | "domainJoinedDevice" | "approvedApplication" | "compliantApplication" | "passwordChange" | "riskRemediation")[]
authenticationStrength?: ("Multifactor authentication" | "Passwordless MFA" | "Phishing-resistant MFA")
customAuthenticationFactors?: string[]
termsOfUse?: string[]
}
export interface CaSessionControlsSpec {
signInFrequency?: CaSignInFrequencySpec
persistentBrowser?: CaPersistentBrowserSpec
cloudAppSecurity?: CaCloudAppSecuritySpec
applicationEnforcedRestrictions?: CaAppEnforcedRestrictionsSpec
secureSignInSession?: CaSecureSignInSessionSpec
disableResilienceDefaults?: boolean
}
export interface CaSignInFrequencySpec {
isEnabled?: boolean
type?: ("days" | "hours")
value?: number
frequencyInterval?: ("timeBased" | "everyTime")
authenticationType?: ("primaryAndSecondaryAuthentication" | "secondaryAuthentication")
}
export interface CaPersistentBrowserSpec {
isEnabled?: boolean
mode?: ("always" | "never")
}
export interface CaCloudAppSecuritySpec {
isEnabled?: boolean
cloudAppSecurityType?: ("mcasConfigured" | "monitorOnly" | "blockDownloads")
}
export interface CaAppEnforcedRestrictionsSpec {
isEnabled?: boolean
}
export interface CaSecureSignInSessionSpec {
isEnabled?: boolean
}
