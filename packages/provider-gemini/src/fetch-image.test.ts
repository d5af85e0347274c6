import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { ProviderError } from '@llmux/provider-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicOnlyLookup, fetchImageForInlining, isForbiddenAddress } from './fetch-image.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/cat.png':
        response.writeHead(200, { 'content-type': 'image/png; charset=binary' });
        response.end(PNG);
        return;
      case '/drawing.svg':
        response.writeHead(200, { 'content-type': 'image/svg+xml' });
        response.end('<svg xmlns="http://www.w3.org/2000/svg"/>');
        return;
      case '/photo.jpg':
        response.writeHead(200, { 'content-type': 'image/jpg' });
        response.end(PNG);
        return;
      case '/page.html':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html></html>');
        return;
      case '/big.png':
        // No content-length: the limit must hold while reading.
        response.writeHead(200, { 'content-type': 'image/png', 'transfer-encoding': 'chunked' });
        for (let index = 0; index < 8; index++) response.write(Buffer.alloc(1024));
        response.end();
        return;
      case '/to-public':
        response.writeHead(302, { location: 'http://images.test/cat.png' });
        response.end();
        return;
      case '/to-private':
        response.writeHead(302, { location: 'http://intranet.test/cat.png' });
        response.end();
        return;
      case '/to-metadata':
        response.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
        response.end();
        return;
      case '/to-loopback':
        response.writeHead(302, { location: 'http://127.0.0.1/cat.png' });
        response.end();
        return;
      case '/to-mapped-loopback':
        response.writeHead(307, { location: 'http://[::ffff:127.0.0.1]/cat.png' });
        response.end();
        return;
      case '/to-relative':
        // A relative Location resolves against the current (public) URL: allowed.
        response.writeHead(302, { location: '/cat.png' });
        response.end();
        return;
      case '/slow.png':
        response.writeHead(200, { 'content-type': 'image/png' });
        response.write(PNG);
        // never ends
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A fake DNS: public-looking names, one private name. */
const resolveHost = async (hostname: string): Promise<string[]> => {
  const table: Record<string, string[]> = {
    'images.test': ['93.184.216.34'],
    'intranet.test': ['10.1.2.3'],
    'dual.test': ['93.184.216.34', 'fd00::1'],
  };
  const found = table[hostname];
  if (!found) throw new Error('ENOTFOUND');
  return found;
};

/**
 * Sends every request for a public-looking name to the local server: the address check sees the fake
 * resolver's public address, the bytes come from a real HTTP exchange.
 */
const fetchThroughLocalServer: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  return fetch(`${origin}${url.pathname}`, init);
};

const options = { fetch: fetchThroughLocalServer, resolveHost, timeoutMs: 2000 };

async function refusal(run: Promise<unknown>): Promise<ProviderError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('fetchImageForInlining', () => {
  it('downloads an image as base64 with its mime type', async () => {
    await expect(fetchImageForInlining('http://images.test/cat.png', options)).resolves.toEqual({
      mimeType: 'image/png',
      data: PNG.toString('base64'),
    });
  });

  it('follows a redirect to a public host', async () => {
    await expect(fetchImageForInlining('http://images.test/to-public', options)).resolves.toMatchObject({
      mimeType: 'image/png',
    });
  });

  it.each([
    ['a name that resolves to a private address', 'http://intranet.test/cat.png'],
    ['a name with one private address among public ones', 'http://dual.test/cat.png'],
    ['a loopback literal', `http://127.0.0.1/cat.png`],
    ['an IPv6 loopback literal', 'http://[::1]/cat.png'],
    ['an IPv4-mapped IPv6 literal', 'http://[::ffff:192.168.1.1]/cat.png'],
    ['a decimal IPv4 literal (WHATWG URLs normalise it to 127.0.0.1)', 'http://2130706433/cat.png'],
    ['a hexadecimal IPv4 literal', 'http://0x7f.0.0.1/cat.png'],
    ['a redirect to a private host', 'http://images.test/to-private'],
    ['a redirect to the cloud metadata address', 'http://images.test/to-metadata'],
    ['a redirect to a loopback literal', 'http://images.test/to-loopback'],
    ['a redirect to an IPv4-mapped IPv6 loopback', 'http://images.test/to-mapped-loopback'],
    ['an IPv4-mapped IPv6 loopback literal', 'http://[::ffff:127.0.0.1]/cat.png'],
    ['an IPv4-mapped IPv6 loopback in hex groups', 'http://[::ffff:7f00:1]/cat.png'],
    ['an IPv6 link-local literal', 'http://[fe80::1]/cat.png'],
    ['an IPv6 unique-local literal', 'http://[fd12:3456::1]/cat.png'],
  ])('refuses %s', async (_label, url) => {
    const error = await refusal(fetchImageForInlining(url, options));
    expect(error).toMatchObject({ status: 400, code: 'image_url_forbidden' });
  });

  it('follows a relative redirect on the same public host', async () => {
    await expect(fetchImageForInlining('http://images.test/to-relative', options)).resolves.toMatchObject({
      mimeType: 'image/png',
    });
  });

  it('never sends a request to the forbidden address a redirect names', async () => {
    const requested: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      requested.push(String(input));
      return fetchThroughLocalServer(input, init);
    };
    for (const path of ['/to-loopback', '/to-mapped-loopback']) {
      const error = await refusal(
        fetchImageForInlining(`http://images.test${path}`, { ...options, fetch: recordingFetch }),
      );
      expect(error.code).toBe('image_url_forbidden');
    }
    expect(requested).toEqual(['http://images.test/to-loopback', 'http://images.test/to-mapped-loopback']);
  });

  it('refuses localhost through the system resolver (no resolveHost given)', async () => {
    const error = await refusal(
      fetchImageForInlining(`http://localhost:1/cat.png`, { fetch: fetchThroughLocalServer }),
    );
    expect(error.code).toBe('image_url_forbidden');
  });

  it('refuses what is not an image', async () => {
    const error = await refusal(fetchImageForInlining('http://images.test/page.html', options));
    expect(error.code).toBe('image_not_an_image');
  });

  it('refuses image types Gemini does not read, and names image/jpg as image/jpeg', async () => {
    const error = await refusal(fetchImageForInlining('http://images.test/drawing.svg', options));
    expect(error).toMatchObject({ status: 400, code: 'image_type_unsupported' });
    expect(error.message).toContain('image/svg+xml');
    await expect(fetchImageForInlining('http://images.test/photo.jpg', options)).resolves.toMatchObject({
      mimeType: 'image/jpeg',
    });
  });

  it('stops at the size limit while reading', async () => {
    const error = await refusal(
      fetchImageForInlining('http://images.test/big.png', { ...options, maxBytes: 4096 }),
    );
    expect(error.code).toBe('image_too_large');
    await expect(
      fetchImageForInlining('http://images.test/big.png', { ...options, maxBytes: 8192 }),
    ).resolves.toBeDefined();
  });

  it('gives up after the timeout', async () => {
    const error = await refusal(
      fetchImageForInlining('http://images.test/slow.png', { ...options, timeoutMs: 200 }),
    );
    expect(error.code).toBe('image_fetch_timeout');
  });

  it('refuses other schemes, unknown hosts and HTTP errors', async () => {
    expect((await refusal(fetchImageForInlining('file:///etc/passwd', options))).code).toBe(
      'invalid_image_url',
    );
    expect((await refusal(fetchImageForInlining('http://nowhere.test/x.png', options))).code).toBe(
      'image_fetch_failed',
    );
    expect((await refusal(fetchImageForInlining('http://images.test/missing.png', options))).code).toBe(
      'image_fetch_failed',
    );
  });
});

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    '2002:c0a8:0101::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1%eth0',
    'ff02::1',
    '2001:db8::1',
    'not-an-ip',
  ])('forbids %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2a00:1450:4001::200e',
  ])('allows %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('createPublicOnlyLookup', () => {
  it('stops a socket from connecting to a host that resolves to loopback', async () => {
    const port = (server.address() as AddressInfo).port;
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const socket = connect({ host: 'localhost', port, lookup: createPublicOnlyLookup() });
      socket.on('connect', () => {
        socket.destroy();
        reject(new Error('connected to loopback'));
      });
      socket.on('error', resolve);
    });
    expect(error.code).toBe('EADDRNOTAVAIL');
    expect(error.message).toContain('private or reserved');
  });

  it('answers in both lookup forms for a public literal', async () => {
    const lookup = createPublicOnlyLookup();
    const single = await new Promise((resolve, reject) =>
      lookup('93.184.216.34', {}, (error, address, family) =>
        error ? reject(error) : resolve([address, family]),
      ),
    );
    expect(single).toEqual(['93.184.216.34', 4]);
    const all = await new Promise((resolve, reject) =>
      lookup('93.184.216.34', { all: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      ),
    );
    expect(all).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });
});
