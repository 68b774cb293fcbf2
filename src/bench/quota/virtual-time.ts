// Simulated time for a benchmark client, so that waiting out a quota of 3,000 writes per 150 s costs no real quarter
// of an hour: the client's clock is the machine's plus an offset, and sleeping moves that offset and the emulator's
// clock (`POST /_emulator/clock`) forward together instead of waiting. Both processes read the same machine clock,
// so client and emulator always agree on the time. Concurrent sleepers do not add up: time jumps to the latest
// wake-up asked for, once. With `stepMs` time moves at least that far per jump, as a coarse timer would: a client
// pacing each request 100 ms apart then moves the clock once per step rather than once per request, each move being
// a request to the emulator that costs its latency in real time.

import { isConnectionFailure, realSleep } from '../../clients/retry-policy.js';

export class VirtualTime {
  private offsetMs = 0;
  private advancing: Promise<void> = Promise.resolve();

  constructor(private readonly emulatorUrl: string, private readonly stepMs = 0) {}

  /** Simulated time passed so far by sleeping. */
  get skippedMs(): number {
    return this.offsetMs;
  }

  readonly now = (): number => Date.now() + this.offsetMs;

  readonly sleep = (ms: number): Promise<void> => {
    const target = this.now() + Math.max(0, ms);
    this.advancing = this.advancing.then(async () => {
      const wanted = Math.ceil(target - this.now());
      if (wanted <= 0) return;
      const gap = Math.max(wanted, this.stepMs);
      await this.advance(gap);
      this.offsetMs += gap;
    });
    return this.advancing;
  };

  /**
   * One move of the emulator's clock. A run of hours moves it thousands of times, and a reused idle connection the
   * emulator has just closed fails now and then before the request is sent; such a move is tried again. Should one
   * have arrived after all, the clock moves twice: simulated time only runs longer, never shorter.
   */
  private async advance(ms: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.emulatorUrl}/_emulator/clock`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }),
        });
      } catch (err) {
        if (attempt >= 5 || !isConnectionFailure(err)) throw err;
        await realSleep(100 * attempt);
        continue;
      }
      if (!res.ok) throw new Error(`advancing the emulator's clock: ${res.status}`);
      return;
    }
  }
}
