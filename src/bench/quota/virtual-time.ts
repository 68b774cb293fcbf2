// Simulated time for a benchmark client, so that waiting out a quota of 3,000 writes per 150 s costs no real quarter
// of an hour: the client's clock is the machine's plus an offset, and sleeping moves that offset and the emulator's
// clock (`POST /_emulator/clock`) forward together instead of waiting. Both processes read the same machine clock,
// so client and emulator always agree on the time. Concurrent sleepers do not add up: time jumps to the latest
// wake-up asked for, once.

export class VirtualTime {
  private offsetMs = 0;
  private advancing: Promise<void> = Promise.resolve();

  constructor(private readonly emulatorUrl: string) {}

  /** Simulated time passed so far by sleeping. */
  get skippedMs(): number {
    return this.offsetMs;
  }

  readonly now = (): number => Date.now() + this.offsetMs;

  readonly sleep = (ms: number): Promise<void> => {
    const target = this.now() + Math.max(0, ms);
    this.advancing = this.advancing.then(async () => {
      const gap = Math.ceil(target - this.now());
      if (gap <= 0) return;
      const res = await fetch(`${this.emulatorUrl}/_emulator/clock`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: gap }),
      });
      if (!res.ok) throw new Error(`advancing the emulator's clock: ${res.status}`);
      this.offsetMs += gap;
    });
    return this.advancing;
  };
}
