import { json } from '../../shared/fetch-app.js';
import type { ApiAppInput } from './types.js';

/**
 * The original sample's /api/ip, without what needed an outbound call or exposed the host
 * (public IP from jsonip.com, DNS servers, default gateway): which group answered, its private
 * IP, and the X-Forwarded-For and Host the request arrived with through the gateway and nginx.
 */
export function ipInfo(request: Request, input: ApiAppInput): Response {
  const instance = input.instance();
  const host = request.headers.get('host');
  return json({
    container_group: instance.containerGroup,
    hostname: instance.hostname,
    my_private_ip: instance.privateIp,
    'x-forwarded-for': request.headers.get('x-forwarded-for'),
    host,
    path_accessed: `${host ?? ''}${new URL(request.url).pathname}`,
  });
}
