// The desired-state model: loading, validation and the types other modules code against.
export { listTenantNames, loadTenants, type LoadOptions, type LoadResult } from './loader.js';
export { matchesAny } from './glob.js';
export type * from './model.js';
