/**
 * Looks for credentials in everything the gateway says: each log line and each response (status line,
 * headers, body) the suite reads. A secret counts whether it appears whole or as a long enough piece (a
 * vendor error that echoes half a key is still a leak), so each is also searched by its first and last 12
 * characters.
 */
export class SecretScanner {
  private readonly needles: Array<{ label: string; text: string }> = [];
  readonly leaks: Array<{ source: string; secret: string; excerpt: string }> = [];
  private readonly scanned = new Map<string, number>();

  /** `secrets` maps a label (printed in a leak report, never the value) to the secret. */
  constructor(secrets: Record<string, string>) {
    for (const [label, secret] of Object.entries(secrets)) {
      if (secret.length < 24) throw new Error(`secret ${label} is too short to scan for pieces of it`);
      this.needles.push({ label, text: secret });
      this.needles.push({ label: `${label} (first 12 characters)`, text: secret.slice(0, 12) });
      this.needles.push({ label: `${label} (last 12 characters)`, text: secret.slice(-12) });
    }
  }

  /** Scans one text from `source` (`log`, `response`); a text holds at most one leak per secret. */
  scan(source: string, text: string): void {
    this.scanned.set(source, (this.scanned.get(source) ?? 0) + 1);
    const found = new Set<string>();
    for (const needle of this.needles) {
      const secret = needle.label.replace(/ \(.*\)$/, '');
      if (found.has(secret)) continue;
      const at = text.indexOf(needle.text);
      if (at === -1) continue;
      found.add(secret);
      // The excerpt masks the secret itself: a leak report must not become a leak.
      const excerpt = text
        .slice(Math.max(0, at - 40), at + needle.text.length + 40)
        .replace(needle.text, '<SECRET>');
      this.leaks.push({ source, secret: needle.label, excerpt });
    }
  }

  /** How many texts were scanned from `source`. */
  count(source: string): number {
    return this.scanned.get(source) ?? 0;
  }
}

/** Splits a byte stream into lines for the scanner, keeping a partial last line for the next chunk. */
export function createLineSplitter(onLine: (line: string) => void): {
  push(text: string): void;
  end(): void;
} {
  let rest = '';
  return {
    push(text) {
      const lines = (rest + text).split('\n');
      rest = lines.pop()!;
      for (const line of lines) if (line !== '') onLine(line);
    },
    end() {
      if (rest !== '') onLine(rest);
      rest = '';
    },
  };
}
