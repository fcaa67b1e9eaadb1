// Builders for the init container's tests: its environment and an nginx.conf the plan would render.
import { renderNginxConf, SIDECAR_FILES } from '../../../src/plan/index.js';

/** The app group's nginx.conf as the plan renders it. */
export const CONF = renderNginxConf({
  serverName: 'app.contoso.example',
  routes: 'app',
  certPath: SIDECAR_FILES.certificate,
  keyPath: SIDECAR_FILES.privateKey,
});

export function initEnv(overrides: Record<string, string | undefined> = {}) {
  return {
    TLS_DIR: SIDECAR_FILES.directory,
    NGINX_CONF_BASE64: Buffer.from(CONF).toString('base64'),
    SIDECAR_USER: '101:101',
    ...overrides,
  };
}
