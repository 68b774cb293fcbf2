// Path and filter spelling shared by the Entra kinds. How requests travel (paging, `$batch`, retries, waits) is
// src/clients' business: see src/clients/reads.ts, writes.ts and poll.ts.

/** A path segment for a user key (UPN or id): `#EXT#` and other reserved characters must be escaped. */
export const seg = (key: string): string => encodeURIComponent(key);

/** An OData string literal inside `$filter`: single quotes are doubled. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * A `$filter=<property> eq '<value>'` query parameter, URL-encoded as a whole: a value holding `&`, `#`, `+` or `%`
 * would otherwise end the parameter, start a fragment or decode into something else.
 */
export const filterEq = (property: string, value: string): string =>
  `$filter=${encodeURIComponent(`${property} eq ${literal(value)}`)}`;
