/** Splits text into pieces of `size` code points (never inside a surrogate pair), for streamed deltas. */
export function splitText(text: string, size: number): string[] {
  const characters = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += step) {
    pieces.push(characters.slice(start, start + step).join(''));
  }
  return pieces;
}
