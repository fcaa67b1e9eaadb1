// What a Key Vault data-plane handler receives (path params, body, origin) and returns.
import type { EmulatorContext } from '../../../core/context.js';
import type { VaultData } from '../../../core/model.js';

export interface VaultRequest {
  params: Record<string, string>;
  body: unknown;
  origin: string;
  query: URLSearchParams;
}

export interface VaultResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type VaultHandler = (
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
) => VaultResponse;
