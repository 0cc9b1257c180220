/**
 * The site's run-time configuration, served at /config.json by the deployment (CloudFront + S3 in AWS,
 * the local gateway on this machine). Read at run time so that one build deploys to any stage.
 */
export interface SiteConfig {
  /** Base URL of the API, usually '/api' (same origin). */
  apiBase: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Cognito's JSON API, e.g. https://cognito-idp.eu-west-3.amazonaws.com/ */
  cognitoEndpoint: string;
  stage: string;
  /**
   * Whether this deployment sends price alerts (AWS: deployed with an SES sender). Off when config.json does
   * not say `true`: the profile then shows a notice instead of the alert form.
   */
  alerts: boolean;
}

const CACHE_KEY = 'plein.config';
let pending: Promise<SiteConfig> | undefined;

/** The configuration, fetched once per tab (kept in sessionStorage so each page load skips a round trip). */
export function loadConfig(): Promise<SiteConfig> {
  pending ??= readCached() ?? fetchConfig();
  return pending;
}

function readCached(): Promise<SiteConfig> | undefined {
  try {
    const raw = sessionStorage.getItem(CACHE_KEY);
    const config = raw ? parseConfig(JSON.parse(raw)) : null;
    return config ? Promise.resolve(config) : undefined;
  } catch {
    return undefined;
  }
}

async function fetchConfig(): Promise<SiteConfig> {
  const res = await fetch('/config.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const config = parseConfig(await res.json());
  if (!config) throw new Error('config.json: invalid content');
  try {
    sessionStorage.setItem(CACHE_KEY, JSON.stringify(config));
  } catch {
    // Private mode or storage full: fetch again next time.
  }
  return config;
}

/** Validates the shape by hand (a schema library would cost more bytes than the whole check). */
function parseConfig(value: unknown): SiteConfig | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const region = str('region');
  const config: SiteConfig = {
    apiBase: (str('apiBase') || '/api').replace(/\/+$/, ''),
    region,
    userPoolId: str('userPoolId'),
    userPoolClientId: str('userPoolClientId'),
    cognitoEndpoint: str('cognitoEndpoint') || (region ? `https://cognito-idp.${region}.amazonaws.com/` : ''),
    stage: str('stage'),
    alerts: v.alerts === true,
  };
  return config.userPoolClientId && config.cognitoEndpoint ? config : null;
}
