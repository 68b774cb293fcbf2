// Built-in Entra directory roles with their real template ids (roleDefinition id == templateId for built-ins).
export interface BuiltInRole { id: string; displayName: string; description: string }

export const BUILT_IN_ROLES: BuiltInRole[] = [
  { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.' },
  { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator', description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.' },
  { id: '729827e3-9c14-49f7-bb1b-9608f156bbb8', displayName: 'Helpdesk Administrator', description: 'Can reset passwords for non-administrators and Helpdesk Administrators.' },
  { id: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator', description: 'Can manage all aspects of the Exchange product.' },
  { id: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', displayName: 'Billing Administrator', description: 'Can perform common billing related tasks like updating payment information.' },
  { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader', description: 'Can read everything that a Global Administrator can, but not update anything.' },
  { id: '194ae4cb-b126-40b2-bd5b-6091b380977d', displayName: 'Security Administrator', description: 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.' },
  { id: 'fdd7a751-b60b-444a-984c-02652fe8fa1c', displayName: 'Groups Administrator', description: 'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.' },
  { id: '4d6ac14f-3453-41d0-bef9-a3e0c569773a', displayName: 'License Administrator', description: 'Can manage product licenses on users and groups.' },
  { id: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', displayName: 'Directory Readers', description: 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.' },
  { id: 'e8611ab8-c189-46e8-94e1-60213ab1f814', displayName: 'Privileged Role Administrator', description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.' },
  { id: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', displayName: 'SharePoint Administrator', description: 'Can manage all aspects of the SharePoint service.' },
  { id: '69091246-20e8-4a56-aa4d-066075b2a7a8', displayName: 'Teams Administrator', description: 'Can manage the Microsoft Teams service.' },
];

export function findRole(nameOrId: string): BuiltInRole | undefined {
  const key = nameOrId.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.id === key || r.displayName.toLowerCase() === key);
}

export function roleDefinitionView(role: BuiltInRole): Record<string, unknown> {
  return {
    id: role.id, description: role.description, displayName: role.displayName, isBuiltIn: true, isEnabled: true,
    resourceScopes: ['/'], templateId: role.id, version: '1',
    rolePermissions: [{ allowedResourceActions: [], condition: null }],
  };
}
