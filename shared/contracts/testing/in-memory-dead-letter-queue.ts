import type { DeadLetter, DeadLetterQueue } from '../dead-letters.ts';

/** Keeps the letters it is sent; `failing` makes every send throw, like an unreachable queue. */
export class InMemoryDeadLetterQueue implements DeadLetterQueue {
  readonly letters: DeadLetter[] = [];
  failing = false;

  async send(letter: DeadLetter): Promise<void> {
    if (this.failing) throw new Error('dead-letter queue unreachable');
    this.letters.push(letter);
  }

  /** The getter shape the spines take from a composition root. */
  readonly getter = async (): Promise<DeadLetterQueue> => this;
}
