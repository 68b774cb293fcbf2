// The registry of resource kinds, in the order they are fetched and diffed.
import type { Kind } from './contract.js';

export const kinds: Kind[] = [];
