// The gateway as it can be created before its certificate exists: its first PUT.
import type { JsonObject, JsonValue } from './types.js';

type Item = { name?: string; properties?: Record<string, JsonValue> };

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : undefined);

function items(properties: Record<string, JsonValue>, collection: string): Item[] {
  const list = properties[collection];
  return Array.isArray(list) ? (list as Item[]) : [];
}

/** The id a sub-resource reference (`{ id }`) holds, lower-cased: ARM ids compare so. */
function refId(value: JsonValue | undefined): string | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? lower(value.id) : undefined;
}

/** Whether an item's own id (`<gateway>/<collection>/<name>`) is `id`. */
function isItem(id: string | undefined, collection: string, item: Item): boolean {
  return id !== undefined && id.endsWith(`/${collection}/${item.name ?? ''}`.toLowerCase());
}

/**
 * The planned gateway body without what needs the certificate: its HTTPS listeners, the rules that
 * use them, the certificate itself, and the frontend ports only those listeners open. The port-80
 * listener stays, its redirect aimed at `https://<host name>/` by URL, since the HTTPS listener it
 * targets does not exist yet (a redirect names a listener or a URL, not both; the URL form is
 * given without `includePath`, which some API versions refused with a URL: README "Design
 * decisions"). Pools, settings, probes, trusted roots, SKU, WAF policy and identity stay as
 * planned, so that the second write changes only what the certificate made possible. Its create is
 * the gateway's six minutes, which then overlap the certificate and the container groups. Pure.
 */
export function gatewayFrame(gatewayBody: JsonObject): JsonObject {
  const body = structuredClone(gatewayBody);
  const properties = body.properties as Record<string, JsonValue> | undefined;
  if (!properties) return body;
  const listeners = items(properties, 'httpListeners');
  const plain = listeners.filter((l) => l.properties?.protocol === 'Http');
  const plainIds = (rule: Item) =>
    plain.some((l) => isItem(refId(rule.properties?.httpListener), 'httpListeners', l));
  const rules = items(properties, 'requestRoutingRules').filter(plainIds);
  const redirects = items(properties, 'redirectConfigurations')
    .filter((r) =>
      rules.some((rule) =>
        isItem(refId(rule.properties?.redirectConfiguration), 'redirectConfigurations', r),
      ),
    )
    .map((r) => redirectByUrl(r, listeners));
  const ports = items(properties, 'frontendPorts').filter((p) =>
    plain.some((l) => isItem(refId(l.properties?.frontendPort), 'frontendPorts', p)),
  );
  properties.httpListeners = plain;
  properties.requestRoutingRules = rules;
  properties.redirectConfigurations = redirects;
  properties.frontendPorts = ports;
  properties.sslCertificates = [];
  return body;
}

/**
 * A redirect to a listener, as the same redirect to that listener's host name by URL. A listener
 * without a host name has no URL to give: the plan gives every listener one (gateway-parts.ts).
 */
function redirectByUrl(redirect: Item, listeners: Item[]): Item {
  const props = { ...redirect.properties };
  const target = listeners.find((l) => isItem(refId(props.targetListener), 'httpListeners', l));
  if (!target) return redirect;
  const host = target.properties?.hostName;
  if (typeof host !== 'string') {
    throw new Error(`redirect ${redirect.name ?? '?'} targets a listener without a host name`);
  }
  delete props.targetListener;
  delete props.includePath;
  delete props.includeQueryString;
  return { ...redirect, properties: { ...props, targetUrl: `https://${host}/` } };
}
