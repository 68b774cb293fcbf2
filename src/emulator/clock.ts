// The emulator's one clock. Everything that depends on time — throttling windows, replication and mailbox
// provisioning delays, token lifetimes, created/modified and audit timestamps, GDAP expiry — reads it, so a test
// moves time forward instead of sleeping and no verdict depends on the machine's speed.

export type TimeSource = () => number;

/** Milliseconds since the epoch from a source (real time by default), moved forward by `advance`. */
export class Clock {
  private offsetMs = 0;

  constructor(private readonly source: TimeSource = Date.now) {}

  now(): number {
    return this.source() + this.offsetMs;
  }

  /** The current time as Graph and ARM print it (ISO 8601, UTC). */
  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Moves time forward; the control endpoint's `POST /_emulator/clock {"advanceMs"}` lands here. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.offsetMs += ms;
  }
}

/** A clock that stands still until a test advances it; starts at `startMs` (the moment of construction by default). */
export class ManualClock extends Clock {
  constructor(startMs = Date.now()) {
    super(() => startMs);
  }
}

/** `startEmulator({ clock })` takes a Clock, or a bare function of milliseconds as the throttle's clock once was. */
export function toClock(option: Clock | TimeSource | undefined): Clock {
  if (option instanceof Clock) return option;
  return new Clock(option ?? Date.now);
}
