/**
 * Where a container of the local twin gets its managed identity tokens. In ACI,
 * DefaultAzureCredential reaches the platform's Instance Metadata Service by itself; locally the
 * runtime serves one on loopback (local/runtime/identity) and points each container at its own
 * URL with AZURE_POD_IDENTITY_AUTHORITY_HOST, which @azure/msal-node's Imds source uses instead of
 * http://169.254.169.254. The Azure SDK reads both variables itself: this module only checks that
 * they keep every identity call on this machine.
 */

import { z } from 'zod';
import type { SpecProblem } from './spec/types.js';

/** `http://127.x.y.z[:port][/path]` or `http://[::1][:port][/path]`: nothing else, no userinfo. */
const LOOPBACK_HTTP =
  /^http:\/\/(127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})|\[::1\])(:\d{1,5})?(\/[^\s?#@]*)?$/;

export function isLoopbackHttpUrl(value: string): boolean {
  const match = LOOPBACK_HTTP.exec(value);
  if (!match) return false;
  return match.slice(2, 5).every((octet) => octet === undefined || Number(octet) <= 255);
}

/**
 * The chains of DefaultAzureCredential that never leave the machine when the managed identity
 * answers no (AZURE_TOKEN_CREDENTIALS, as @azure/identity reads it: trimmed, any case). Its full
 * chain would go on to the developer tools (Azure CLI, azd, PowerShell), which sign in to Entra
 * over the internet.
 */
const LOOPBACK_ONLY_CHAINS = ['prod', 'managedidentitycredential'];

export const identityEndpointSettings = {
  AZURE_POD_IDENTITY_AUTHORITY_HOST: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine(
      (v) => v === undefined || isLoopbackHttpUrl(v),
      'must be http:// on 127.0.0.0/8 or [::1] (the local managed identity endpoint), such as http://127.0.0.1:41234/containers/<key>',
    ),
  AZURE_TOKEN_CREDENTIALS: z
    .string()
    .optional()
    .transform((v) => (v ? v.trim().toLowerCase() : undefined)),
};

/** What is wrong with these settings together, if anything. */
export function identityEndpointProblem(
  settings: { AZURE_POD_IDENTITY_AUTHORITY_HOST?: string; AZURE_TOKEN_CREDENTIALS?: string },
  local: boolean,
): SpecProblem | undefined {
  const endpoint = settings.AZURE_POD_IDENTITY_AUTHORITY_HOST;
  if (endpoint === undefined) return undefined;
  if (!local) {
    return {
      path: 'AZURE_POD_IDENTITY_AUTHORITY_HOST',
      message:
        "is for local runs only (ACI_VNET_SIDECARS_CLOUD local); in Azure, DefaultAzureCredential reaches the platform's own managed identity endpoint: remove it",
    };
  }
  const chain = settings.AZURE_TOKEN_CREDENTIALS;
  if (chain === undefined || !LOOPBACK_ONLY_CHAINS.includes(chain)) {
    return {
      path: 'AZURE_TOKEN_CREDENTIALS',
      message: `must be prod (or ManagedIdentityCredential) when AZURE_POD_IDENTITY_AUTHORITY_HOST is set for a local run, so that a refused token never falls back to developer tools that sign in over the internet; it is ${chain ?? 'unset'}`,
    };
  }
  return undefined;
}
