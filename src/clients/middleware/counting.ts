import type { Context } from '@microsoft/microsoft-graph-client';
import type { MutableRequestCounter } from '../counter.js';
import { Step } from './step.js';

/** Counts every attempt that reaches the wire, so retries show up in the numbers. */
export class CountingStep extends Step {
  constructor(
    private readonly counter: MutableRequestCounter,
    private readonly service: string,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    this.counter.add(this.service);
    await this.forward(context);
  }
}
