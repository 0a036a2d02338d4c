/**
 * Coalesces concurrent calls into batches: the first call goes out at once; calls made while a
 * batch is in flight wait for it and then go out together, up to `max` per batch. Under load a
 * hundred consumers' writes become one statement and one commit (group commit, done by the
 * application); at rest nothing waits. Each caller gets its own result, or the batch's error.
 */
export class Batcher<In, Out> {
  private queue: { item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly max = 500,
    private readonly parallel = 1,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.inFlight < this.parallel) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.inFlight++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.max);
        try {
          const out = await this.run(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(out[i] as Out));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.inFlight--;
    }
  }
}
