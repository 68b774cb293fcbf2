// The clients' clock in tests: every wait of the client stack (retry backoff, read-after-create, mailbox
// provisioning) moves the emulator's clock forward instead of passing real time, so what a wait achieves depends on
// the emulated time it covers, never on how fast the machine is.
import type { WireClock } from '../../src/clients/poll.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

/** A WireClock that reads the emulator's clock and sleeps by advancing it; `waits` records every sleep asked for. */
export function emulatorClock(emu: RunningEmulator, waits: number[] = []): WireClock {
  const clock = emu.state.clock;
  return {
    now: () => clock.now(),
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  };
}
