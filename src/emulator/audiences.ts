// The audiences (resource URIs) of the tokens the emulated services accept.
export const AUDIENCES = {
  graph: 'https://graph.microsoft.com',
  exchange: 'https://outlook.office365.com',
  arm: 'https://management.azure.com',
  partnerCenter: 'https://api.partnercenter.microsoft.com',
} as const;
