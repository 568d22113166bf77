// The security headers of every answer: helmet's set (Content-Security-Policy without inline
// script or style, no framing, no sniffing ...), a Permissions-Policy, and HSTS over https.
// helmet's headers do not depend on the request, so they are worked out once at start; the
// Fastify wrapper rebuilt helmet's whole middleware, CSP parsing included, on every request.
import fp from 'fastify-plugin';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The app uses none of these browser features; a page (or an injected frame) may not ask for them. */
const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  // HSTS only makes sense over https; added below when the request came that way.
  strictTransportSecurity: false,
};

/** The headers helmet's middleware sets, collected by running it once on a stand-in response. */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => {},
  };
  let failure: unknown = null;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => (failure = error ?? null));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  headers['permissions-policy'] = PERMISSIONS_POLICY;
  return headers;
}

export default fp(
  async (app) => {
    const headers = securityHeaders();
    const overHttps = { ...headers, 'strict-transport-security': 'max-age=31536000; includeSubDomains' };
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(request.protocol === 'https' ? overHttps : headers);
      done();
    });
  },
  { name: 'security-headers' },
);
