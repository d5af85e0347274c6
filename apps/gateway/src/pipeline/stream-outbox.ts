import type { ServerResponse } from 'node:http';

/**
 * Streamed text waits here for the end of the event-loop turn: the reads of one turn go out in one write, and
 * when the upstream's last read arrives with its end (the common case for short answers) the whole answer and
 * its closing events leave in the response's single final write (one syscall instead of three).
 */
export class StreamOutbox {
  private text = '';
  private scheduled = false;
  private ending = false;
  private readonly writeLater = () => this.write();

  constructor(private readonly response: ServerResponse) {}

  add(text: string): void {
    this.text += text;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.writeLater);
    }
  }

  /** What is still waiting, taken for the response's final write; nothing is written after this. */
  take(): string {
    this.ending = true;
    const text = this.text;
    this.text = '';
    return text;
  }

  private write(): void {
    this.scheduled = false;
    const response = this.response;
    if (this.ending || this.text === '' || response.destroyed || response.writableEnded) return;
    const text = this.text;
    this.text = '';
    response.write(text);
  }
}
