// The registry of resource kinds, in the order they are fetched and diffed.
import type { Kind } from './contract.js';
import { azureRoleAssignmentKind } from './azure-role-assignment/index.js';
import { gdapKind } from './gdap/index.js';
import { adminLinkKind } from './admin-link/index.js';
import { seatsKind } from './seats/index.js';

export const kinds: Kind[] = [
  azureRoleAssignmentKind as Kind,
  gdapKind as Kind,
  adminLinkKind as Kind,
  seatsKind as Kind,
];
