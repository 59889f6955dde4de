/**
 * Live progress for one question: the "Looking into it…" message is edited (chat.update) as tools
 * run, at most about once a second and one edit at a time; stop() waits for the edit in flight so a
 * late progress edit can never overwrite the final answer. Use a client that does not retry rate-
 * limited calls (SlackDeps.progressClient): a skipped progress edit is harmless, a queued one is not.
 */
import { log } from '../log';
import { progressMessage } from './blocks/progress';
import type { WebClient } from './types';

export class ProgressUpdater {
  private status: string;
  private done: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  private lastSent = 0;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private stopped = false;
  private inFlight = false;

  constructor(
    private readonly client: WebClient,
    private readonly where: { channel: string; ts: string },
    initial: string,
    private readonly intervalMs = 1000,
  ) {
    this.status = initial;
    this.lastSent = Date.now();
  }

  /** New status line (e.g. "Searching CloudTrail in 3 regions… 1,250 events scanned"). */
  setStatus(text: string): void {
    if (this.stopped) return;
    this.status = text;
    this.schedule();
  }

  /** A finished step shown under the status. */
  step(text: string): void {
    if (this.stopped) return;
    this.done.push(text);
    this.schedule();
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
    this.timer.unref?.();
  }

  private flush(): void {
    if (!this.dirty || this.stopped) return;
    // One edit in flight at a time: while Slack is slow (or rate limiting), statuses coalesce.
    if (this.inFlight) return;
    this.dirty = false;
    this.lastSent = Date.now();
    const msg = progressMessage(this.status, this.done);
    this.inFlight = true;
    this.chain = this.client.chat
      .update({ channel: this.where.channel, ts: this.where.ts, text: msg.text, blocks: msg.blocks })
      .then(() => undefined)
      .catch((err) => log.debug('progress update skipped', { err }))
      .finally(() => {
        this.inFlight = false;
        if (this.dirty && !this.stopped) this.schedule();
      });
  }

  /** Stops updating; resolves after any edit already sent has completed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }
}
