// OpenID Connect sign-in (authorisation code + PKCE, openid-client): the organisation's identity
// provider vouches for the email address, and only an existing, active user with that email is
// signed in; nobody signs themselves up. Configured by OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.
import type * as client from 'openid-client';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label, e.g. "Microsoft" or "Kommunens login"; empty = a generic label. */
  name: string;
}

/** The settings from the environment, null when OIDC is not configured; a partial setup stops the boot. */
export function oidcSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  const issuer = env.OIDC_ISSUER?.trim() ?? '';
  const clientId = env.OIDC_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim() ?? '';
  if (!issuer && !clientId && !clientSecret) return null;
  if (!issuer || !clientId || !clientSecret) {
    throw new Error('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  try {
    new URL(issuer);
  } catch {
    throw new Error(`Invalid configuration:\n  OIDC_ISSUER: "${issuer}" is not a URL`);
  }
  return { issuer, clientId, clientSecret, name: env.OIDC_NAME?.trim() ?? '' };
}

/** The provider's configuration, discovered once (and again after a failure). */
// openid-client and its JOSE code load with the first sign-in through the provider, not at start-up.
const openid = () => import('openid-client');

export class OidcClient {
  private config: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcSettings,
    private readonly redirectUri: string,
  ) {}

  private configuration(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    // Plain http only for a provider on this machine (development and tests).
    const local = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    const { clientId, clientSecret } = this.settings;
    this.config ??= openid().then((client) =>
      client.discovery(
        issuer,
        clientId,
        clientSecret,
        undefined,
        local ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      ),
    );
    this.config.catch(() => {
      this.config = undefined;
    });
    return this.config;
  }

  /** Where to send the browser, and what to keep in the session until it comes back. */
  async start(): Promise<{ url: string; pending: { state: string; nonce: string; verifier: string } }> {
    const config = await this.configuration();
    const client = await openid();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, pending: { state, nonce, verifier } };
  }

  /** Exchange the code; the email the provider vouches for (lower-case), or an error. */
  async finish(
    callbackUrl: URL,
    pending: { state: string; nonce: string; verifier: string },
  ): Promise<{ email: string } | { error: string }> {
    const config = await this.configuration();
    const client = await openid();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    let claims: Record<string, unknown> | undefined = tokens.claims();
    // Many providers put the email in the ID token; others (conforming strictly) only in UserInfo.
    if (claims && typeof claims.email !== 'string' && tokens.access_token) {
      claims = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
    }
    const email = typeof claims?.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) return { error: 'no_email' };
    // A provider that says the address is unverified cannot vouch for it.
    if (claims?.email_verified === false) return { error: 'unverified_email' };
    return { email };
  }
}
