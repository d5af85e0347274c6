import { GatewayError } from './respond.js';

/**
 * The gateway's URLs as one table, read top to bottom: each entry a path pattern, the methods it takes and
 * what answers it. A pattern is literal text with `{name}` segments; a segment may carry a suffix after the
 * name (`{model}:{operation}`, Gemini's model-in-path URLs), and a last `{name*}` takes the rest of the path.
 *
 * @example
 * const table = createRouteTable([{ pattern: '/v1/models/{id*}', methods: ['GET'], handler: 'model' }]);
 * table.match('GET', '/v1/models/gpt-4.1'); // { handler: 'model', params: { id: 'gpt-4.1' } }
 */
export interface RouteEntry<Handler> {
  pattern: string;
  methods: readonly string[];
  handler: Handler;
}

export interface RouteMatch<Handler> {
  handler: Handler;
  /** The `{name}` segments, percent-decoded. */
  params: Record<string, string>;
}

export interface RouteTable<Handler> {
  /**
   * The entry for a path (trailing slashes ignored). Throws a GatewayError: 405 naming the allowed methods when
   * the path matches but the method does not, 404 when nothing matches.
   */
  match(method: string, path: string): RouteMatch<Handler>;
  /** The first entry whose pattern matches the path, whatever the method; undefined when none does. */
  find(path: string): RouteMatch<Handler> | undefined;
}

interface CompiledRoute<Handler> {
  entry: RouteEntry<Handler>;
  /** Set for a pattern without parameters: compared as a string, the common case's fast path. */
  literal: string | undefined;
  regex: RegExp | undefined;
  names: string[];
}

export function createRouteTable<Handler>(entries: readonly RouteEntry<Handler>[]): RouteTable<Handler> {
  const routes = entries.map(compile);
  return {
    find(rawPath) {
      const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
      for (const route of routes) {
        const params = matchRoute(route, path);
        if (params !== undefined) return { handler: route.entry.handler, params };
      }
      return undefined;
    },
    match(method, rawPath) {
      const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
      for (const route of routes) {
        const params = matchRoute(route, path);
        if (params === undefined) continue;
        if (!route.entry.methods.includes(method)) {
          throw new GatewayError(
            405,
            'invalid_request_error',
            `Method ${method} is not allowed here; use ${route.entry.methods.join(' or ')}.`,
            'method_not_allowed',
            null,
            { allow: route.entry.methods.join(', ') },
          );
        }
        return { handler: route.entry.handler, params };
      }
      throw new GatewayError(
        404,
        'invalid_request_error',
        `Unknown request URL: ${method} ${path}.`,
        'unknown_url',
      );
    },
  };
}

function compile<Handler>(entry: RouteEntry<Handler>): CompiledRoute<Handler> {
  if (!entry.pattern.includes('{')) return { entry, literal: entry.pattern, regex: undefined, names: [] };
  const names: string[] = [];
  let source = '';
  let rest = entry.pattern;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open === -1) {
      source += escapeRegex(rest);
      break;
    }
    source += escapeRegex(rest.slice(0, open));
    const close = rest.indexOf('}', open);
    const name = rest.slice(open + 1, close);
    if (name.endsWith('*')) {
      names.push(name.slice(0, -1));
      source += '(.+)';
    } else {
      names.push(name);
      // A segment stops at a slash, and at a colon so that `{model}:{operation}` splits where Google's does.
      source += '([^/:]+)';
    }
    rest = rest.slice(close + 1);
  }
  return { entry, literal: undefined, regex: new RegExp(`^${source}$`), names };
}

function matchRoute<Handler>(
  route: CompiledRoute<Handler>,
  path: string,
): Record<string, string> | undefined {
  if (route.literal !== undefined) return route.literal === path ? {} : undefined;
  const found = route.regex!.exec(path);
  if (found === null) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < route.names.length; index++) {
    params[route.names[index]!] = decodePathSegment(found[index + 1]!);
  }
  return params;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A path segment, percent-decoded; a malformed escape is the client's error, not a 500. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GatewayError(
      400,
      'invalid_request_error',
      'The URL path has a malformed percent-escape.',
      'invalid_url',
    );
  }
}
