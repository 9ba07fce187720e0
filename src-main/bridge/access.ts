import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'studio_token'

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url')
}

/**
 * Who may use the browser bridge: only clients that present the token, in the query once and in a
 * same-site cookie after that, wherever the server is bound (on loopback too, as Jupyter does: every
 * account on the machine reaches loopback). Bound to loopback, the Host header must also name a loopback
 * address, which defeats DNS rebinding.
 */
export class AccessPolicy {
  constructor(
    readonly token: string,
    readonly boundToLoopback: boolean,
  ) {}

  hostAllowed(request: IncomingMessage): boolean {
    if (!this.boundToLoopback) return true
    const host = hostnameOf(request.headers.host)
    return host !== undefined && isLoopbackHost(host)
  }

  presentedToken(request: IncomingMessage): 'cookie' | 'query' | null {
    if (matches(this.token, cookieValue(request.headers.cookie, TOKEN_COOKIE))) return 'cookie'
    if (matches(this.token, queryToken(request.url))) return 'query'
    return null
  }

  /** Browsers send Origin on WebSocket upgrades; it must be this server, never another site. */
  originAllowed(request: IncomingMessage): boolean {
    const origin = request.headers.origin
    if (origin === undefined) return true
    try {
      return new URL(origin).host === request.headers.host
    } catch {
      return false
    }
  }
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined
  try {
    return new URL(`http://${hostHeader}`).hostname
  } catch {
    return undefined
  }
}

function queryToken(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://studio.invalid').searchParams.get('token') ?? undefined
  } catch {
    return undefined
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

function matches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}
