import { isIP } from 'node:net';
import { ProviderError } from '@llmux/provider-kit';
import type { InlinedImage } from './convert-request.js';

/**
 * Downloading an image for Gemini (which only reads inline data, Files API and YouTube URLs) makes the
 * gateway fetch a URL chosen by its caller: a server-side request forgery risk. This helper is the one
 * place that fetch happens, with the checks below. It is not part of the pure adapter: the gateway calls
 * it with its own `fetch`, then passes the results to `toUpstream` as `target.options.inlinedImages`.
 */

export interface FetchImageOptions {
  /** The fetch to use (the gateway's, or a test's). */
  fetch: typeof globalThis.fetch;
  /** Largest image accepted, in bytes. Default 10 MiB (Gemini's inline request limit is about 20 MB). */
  maxBytes?: number;
  /** For the whole download, redirects included. Default 10 s. */
  timeoutMs?: number;
  /** Hostname → its IP addresses. Default: the system resolver (`dns.lookup`, all addresses). */
  resolveHost?: (hostname: string) => Promise<string[]>;
  /** Default 3. */
  maxRedirects?: number;
  signal?: AbortSignal;
}

/**
 * The image types Gemini reads (https://ai.google.dev/gemini-api/docs/image-understanding#supported-formats);
 * anything else (GIF, SVG, BMP…) would only come back as Gemini's 400 after the download.
 */
const GEMINI_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif']);

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

async function resolveWithSystem(hostname: string): Promise<string[]> {
  const { lookup } = await import('node:dns/promises');
  const results = await lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => result.address);
}

function refuse(code: string, message: string, status = 400): ProviderError {
  return new ProviderError({ status, type: 'invalid_request_error', code, param: 'messages', message });
}

/**
 * Downloads one image for inlining. Refuses (a 400 ProviderError) a URL whose host resolves to a
 * loopback, private, link-local, shared, multicast or reserved address (IPv4 and IPv6, IPv4-mapped and
 * NAT64 forms included), checks every redirect the same way, stops at `maxBytes` and `timeoutMs`, and
 * accepts only the image content types Gemini reads (PNG, JPEG, WebP, HEIC, HEIF).
 *
 * The check is on the addresses the resolver returns; the fetch then resolves the name again. A gateway
 * that must also stop DNS rebinding between the two gives `fetch` a connection lookup that refuses
 * {@link isForbiddenAddress} addresses (undici's `connect.lookup`).
 *
 * @example
 * const image = await fetchImageForInlining('https://example.com/cat.png', { fetch, maxBytes: 5_000_000 });
 * // → { mimeType: 'image/png', data: 'iVBORw0KGgo…' }
 */
export async function fetchImageForInlining(url: string, options: FetchImageOptions): Promise<InlinedImage> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const resolveHost = options.resolveHost ?? resolveWithSystem;
  const maxRedirects = options.maxRedirects ?? 3;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      await assertPublicUrl(current, resolveHost);
      let response: Response;
      try {
        response = await options.fetch(current, {
          redirect: 'manual',
          signal: controller.signal,
          headers: { accept: 'image/*' },
        });
      } catch (error) {
        if (controller.signal.aborted)
          throw refuse(
            'image_fetch_timeout',
            `Downloading the image ${url} took longer than ${timeoutMs} ms.`,
          );
        throw refuse(
          'image_fetch_failed',
          `The image ${url} could not be downloaded: ${(error as Error).message}`,
        );
      }
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        if (redirects >= maxRedirects)
          throw refuse('image_fetch_failed', `The image ${url} redirects too many times.`);
        current = new URL(response.headers.get('location')!, current).toString();
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw refuse(
          'image_fetch_failed',
          `The image ${url} could not be downloaded (HTTP ${response.status}).`,
        );
      }
      const declaredType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!declaredType.startsWith('image/')) {
        await response.body?.cancel();
        throw refuse(
          'image_not_an_image',
          `The URL ${url} is not an image (content type "${declaredType || 'none'}").`,
        );
      }
      const mimeType = declaredType === 'image/jpg' ? 'image/jpeg' : declaredType;
      if (!GEMINI_IMAGE_TYPES.has(mimeType)) {
        await response.body?.cancel();
        throw refuse(
          'image_type_unsupported',
          `The image ${url} is ${declaredType}; Gemini reads PNG, JPEG, WebP, HEIC and HEIF images.`,
        );
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel();
        throw refuse('image_too_large', `The image ${url} is larger than ${maxBytes} bytes.`);
      }
      const bytes = await readLimited(response, maxBytes, url, controller.signal, timeoutMs);
      return { mimeType, data: Buffer.from(bytes).toString('base64') };
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function readLimited(
  response: Response,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw refuse('image_too_large', `The image ${url} is larger than ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (signal.aborted)
      throw refuse('image_fetch_timeout', `Downloading the image ${url} took longer than ${timeoutMs} ms.`);
    throw refuse(
      'image_fetch_failed',
      `The image ${url} could not be downloaded: ${(error as Error).message}`,
    );
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function assertPublicUrl(
  url: string,
  resolveHost: (hostname: string) => Promise<string[]>,
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('invalid_image_url', `"${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw refuse('invalid_image_url', `Only http(s) image URLs can be downloaded, not ${parsed.protocol}.`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolveHost(host);
    } catch {
      throw refuse('image_fetch_failed', `The host of the image ${url} does not resolve.`);
    }
  }
  if (addresses.length === 0)
    throw refuse('image_fetch_failed', `The host of the image ${url} does not resolve.`);
  const forbidden = addresses.find(isForbiddenAddress);
  if (forbidden)
    throw refuse(
      'image_url_forbidden',
      `The image ${url} points to a private or reserved address (${forbidden}); it was not downloaded.`,
    );
}

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose registry). */
const FORBIDDEN_IPV4: Array<[number, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
].map(([base, bits]) => [parseIpv4(base as string)!, bits as number]);

function parseIpv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function isForbiddenIpv4(value: number): boolean {
  return FORBIDDEN_IPV4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    return Math.floor(value / size) === Math.floor(base / size);
  });
}

/** Eight 16-bit groups, or undefined when not an IPv6 address. */
function parseIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0]!;
  const groups: number[] = [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = parseIpv4(tail[1]);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, -tail[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const read = (half: string) =>
    half === '' ? [] : half.split(':').map((group) => Number.parseInt(group, 16));
  const head = read(halves[0]!);
  const rest = halves.length === 2 ? read(halves[1]!) : [];
  if ([...head, ...rest].some((group) => Number.isNaN(group) || group < 0 || group > 0xffff))
    return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  groups.push(...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...rest);
  return groups;
}

/**
 * Whether an IP address is loopback, private, link-local, shared, multicast, documentation or otherwise
 * reserved, for IPv4 and IPv6 (an IPv6 form that embeds an IPv4 address is judged by that address).
 */
export function isForbiddenAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return isForbiddenIpv4(v4);
  const groups = parseIpv6(address);
  if (!groups) return true;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const embedded = g6 * 0x10000 + g7;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return isForbiddenIpv4(embedded); // ::ffff:a.b.c.d (IPv4-mapped)
    if (g5 === 0) return true; // ::, ::1 and the deprecated IPv4-compatible form
  }
  if (g0 === 0x64 && g1 === 0xff9b) return isForbiddenIpv4(embedded); // 64:ff9b::/96 NAT64
  if (g0 === 0x2002) return isForbiddenIpv4(g1 * 0x10000 + g2); // 6to4
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only 100::/64
  if (g0 === 0x2001 && g1 < 0x200) return true; // 2001::/23 IETF protocol assignments (Teredo, ORCHID…)
  return false;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | Array<{ address: string; family: number }>,
  family?: number,
) => void;

/**
 * A `lookup` for Node sockets (`net.connect`, undici's `connect: { lookup }`) that fails for a host whose
 * addresses include a forbidden one ({@link isForbiddenAddress}). Given to the agent of the `fetch` that
 * `fetchImageForInlining` uses, it closes the gap between the address check and the connection (DNS
 * rebinding): the socket can only reach the addresses that were checked.
 *
 * @example
 * import { Agent, fetch } from 'undici';
 * const dispatcher = new Agent({ connect: { lookup: createPublicOnlyLookup() } });
 * await fetchImageForInlining(url, { fetch: (input, init) => fetch(input, { ...init, dispatcher }) });
 */
export function createPublicOnlyLookup(): (
  hostname: string,
  options: { all?: boolean; family?: number | string } | number,
  callback: LookupCallback,
) => void {
  return (hostname, options, callback) => {
    const wantsAll = typeof options === 'object' && options.all === true;
    import('node:dns').then(
      ({ lookup }) => {
        lookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
          if (error) return callback(error, wantsAll ? [] : '');
          const forbidden = addresses.find((entry) => isForbiddenAddress(entry.address));
          if (forbidden) {
            const refusal: NodeJS.ErrnoException = new Error(
              `${hostname} resolves to a private or reserved address (${forbidden.address})`,
            );
            refusal.code = 'EADDRNOTAVAIL';
            return callback(refusal, wantsAll ? [] : '');
          }
          if (wantsAll) return callback(null, addresses);
          const first = addresses[0]!;
          callback(null, first.address, first.family);
        });
      },
      (error: Error) => callback(error, wantsAll ? [] : ''),
    );
  };
}
