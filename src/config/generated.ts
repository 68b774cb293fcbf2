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
 * Any YAML file of a tenant folder or a baseline: every top-level key is optional here; the merged tenant must have `tenant`.
 */
export interface TenantDocument {
tenant?: TenantSection
extends?: Extends
policy?: Policy
users?: UserSpec[]
groups?: GroupSpec[]
mailboxes?: MailboxSpec[]
contacts?: ContactSpec[]
azure?: AzureSection
partner?: PartnerSection
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
contacts?: boolean
directoryRoles?: boolean
roleAssignments?: boolean
azureRoleAssignments?: boolean
gdap?: boolean
seats?: boolean
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
autoReply?: AutoReplySpec
room?: RoomSettingsSpec
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
export interface AutoReplySpec {
status: ("disabled" | "enabled" | "scheduled")
internalMessage?: string
externalMessage?: string
externalAudience?: ("none" | "contactsOnly" | "all")
start?: string
end?: string
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
