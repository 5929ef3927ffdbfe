// Serializes the commands of one IMAP connection (imapflow runs one command at a time, and a command issued
// while iterating a FETCH deadlocks it): every task runs after the previous one settled.
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => { this.pending--; },
      () => { this.pending--; },
    );
    return result;
  }

  get busy(): boolean {
    return this.pending > 0;
  }
}
