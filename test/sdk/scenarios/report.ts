// Shared by the SDK scenario scripts, which run in a child Node process started with NODE_EXTRA_CA_CERTS (Node reads
// that variable only at start). Each step's outcome is collected and printed as one JSON line, so that a failing
// step names itself in the test instead of ending the script.
export interface Env { url: string; tenantId: string; clientId: string; clientSecret: string; subscriptionId: string }

export function env(): Env {
  const need = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`scenario: ${name} is not set`);
    return v;
  };
  return {
    url: need('EMULATOR_URL'), tenantId: need('TENANT_ID'), clientId: need('CLIENT_ID'), clientSecret: need('CLIENT_SECRET'),
    subscriptionId: process.env.SUBSCRIPTION_ID ?? '',
  };
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: string; status?: number };

export class Report {
  private readonly outcomes: Record<string, Outcome> = {};

  /** Runs one step; its value (made JSON-safe) or its error is recorded under `name`. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await fn();
      this.outcomes[name] = { ok: true, value: JSON.parse(JSON.stringify(value ?? null)) as unknown };
      return value;
    } catch (err) {
      const e = err as { message?: string; statusCode?: number; responseStatusCode?: number };
      this.outcomes[name] = { ok: false, error: String(e.message ?? err), status: e.statusCode ?? e.responseStatusCode };
      return undefined;
    }
  }

  print(): void {
    process.stdout.write(`${JSON.stringify(this.outcomes)}\n`);
  }
}
