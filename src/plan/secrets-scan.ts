/**
 * Finds values that look like secrets in anything JSON-shaped: plan bodies, activity inputs and
 * outputs, log records. The architecture keeps secrets out of ARM bodies, environment variables
 * and logs; this is the check that tests (and callers that persist data) run to prove it.
 */

export interface SecretFinding {
  /** JSONPath-like location, e.g. `$.properties.containers[0].properties.environmentVariables[2]`. */
  path: string;
  reason: string;
}

const SECRET_KEYS: [RegExp, string][] = [
  [/password$/i, 'a password field'],
  [/^secureValue$/i, 'a secure environment variable value'],
  [/^clientSecret$/i, 'a client secret'],
  [/(account|sharedAccess|primary|secondary)Key$/i, 'an access key'],
];

/** Keys whose presence alone is refused, whatever the value (ACI volumes that carry secrets). */
const REFUSED_KEYS: [RegExp, string][] = [
  [/^secret$/, 'a secret volume'],
  [/^gitRepo$/, 'a gitRepo volume (credentials travel in its URL)'],
];

// These patterns only run through test(), so each stops at the first character of the value it
// looks for: matching the rest of the value would change nothing.
const SECRET_TEXT: [RegExp, string][] = [
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, 'a PEM private key'],
  [/[?&]code=[^&\s]/i, 'a function key in a URL (code=)'],
  [/[?&]sig=[^&\s]/i, 'a SAS signature in a URL (sig=)'],
  [
    /(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey)\s*=\s*[^;\s]/i,
    'a connection string with a credential',
  ],
  [/\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]/, 'a JSON web token'],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'credentials in a URL'],
];

function textFindings(text: string): string[] {
  return SECRET_TEXT.filter(([pattern]) => pattern.test(text)).map(([, reason]) => reason);
}

// A base64 or base64url run long enough to hold the shortest credential the patterns know
// (`pwd=x` is 7 characters encoded, unpadded). Padding is optional: tools and people drop it.
const BASE64_RUN = /[A-Za-z0-9+/_-]{7,}={0,2}/g;

function base64Runs(text: string): string[] {
  return [...text.matchAll(BASE64_RUN)].map(([run]) => run);
}

/**
 * The encoded pieces of a text worth decoding: every base64 run in it, and every run once its
 * whitespace is removed, which joins the lines of a wrapped value (`base64` wraps every 76
 * characters), also after a label, so that a credential split by a line break is whole again.
 */
function base64Candidates(text: string): string[] {
  return [...base64Runs(text), ...base64Runs(text.replace(/\s/g, ''))];
}

function stringFindings(text: string, path: string): SecretFinding[] {
  const reasons = new Set(textFindings(text));
  for (const candidate of base64Candidates(text)) {
    // Node's base64 decoder takes both alphabets and missing padding.
    const decoded = Buffer.from(candidate, 'base64').toString('utf8');
    for (const reason of textFindings(decoded)) reasons.add(`${reason} (base64-encoded)`);
  }
  return [...reasons].map((reason) => ({ path, reason }));
}

function keyFindings(key: string, value: unknown, path: string): SecretFinding[] {
  const refused = REFUSED_KEYS.find(([pattern]) => pattern.test(key));
  if (refused && value !== null && typeof value === 'object') return [{ path, reason: refused[1] }];
  const secret = SECRET_KEYS.find(([pattern]) => pattern.test(key));
  return secret ? [{ path, reason: secret[1] }] : [];
}

export function findSecretLikeValues(value: unknown, path = '$'): SecretFinding[] {
  if (typeof value === 'string') return stringFindings(value, path);
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => findSecretLikeValues(item, `${path}[${i}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;
    return [...keyFindings(key, item, at), ...findSecretLikeValues(item, at)];
  });
}
