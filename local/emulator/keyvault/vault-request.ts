import type { EmuContext, VaultData } from '../types.js';

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

export type VaultHandler = (ctx: EmuContext, vault: VaultData, req: VaultRequest) => VaultResponse;
