// An emulator holding one resource group and one vault, with the Key Vault SDK clients that reach
// the vault's data plane, and a small reader for PKCS#12 secrets (RSA keys parsed by node-forge,
// EC keys handed back as their PKCS#8 by forge and read by node:crypto).
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { CertificateClient } from '@azure/keyvault-certificates';
import { SecretClient } from '@azure/keyvault-secrets';
import forge from 'node-forge';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { fakeCredential, LRO, startWithResourceGroup, SUB } from './helpers.js';

export const KV_POLL = { intervalInMs: 1 };

export async function startWithVault(resourceGroup: string, vaultName: string) {
  const { emu, options } = await startWithResourceGroup(resourceGroup);
  const vault = await new KeyVaultManagementClient(
    fakeCredential,
    SUB,
    options,
  ).vaults.beginCreateOrUpdateAndWait(
    resourceGroup,
    vaultName,
    {
      location: 'westeurope',
      properties: { tenantId: emu.tenantId, sku: { family: 'A', name: 'standard' } },
    },
    LRO,
  );
  const vaultUri = vault.properties.vaultUri ?? '';
  const clientOptions = {
    tlsOptions: { ca: emu.caPem },
    disableChallengeResourceVerification: true,
  };
  return {
    emu,
    options,
    vaultUri,
    certificates: new CertificateClient(vaultUri, fakeCredential, clientOptions),
    secrets: new SecretClient(vaultUri, fakeCredential, clientOptions),
  };
}

const spki = (key: KeyObject) => createPublicKey(key).export({ type: 'spki', format: 'der' });

/** The bags of a password-less base64 PFX: the certificates' count and the key's public half. */
export function readPfxSecret(base64: string): {
  certificates: number;
  forgeParsedKey: boolean;
  publicKeyDer?: Buffer;
} {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(base64)), '');
  const oids = forge.pki.oids as Record<string, string>;
  const bagsOf = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const certificates = bagsOf(oids.certBag ?? '').length;
  const bag = bagsOf(oids.pkcs8ShroudedKeyBag ?? '')[0];
  if (!bag) return { certificates, forgeParsedKey: false };
  const info = bag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))
    : bag.asn1;
  const der = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return {
    certificates,
    forgeParsedKey: bag.key !== undefined && bag.key !== null,
    publicKeyDer: spki(key),
  };
}

/** The public half of the private key in a PEM secret, as SPKI DER. */
export function pemSecretPublicKey(pem: string): Buffer {
  const block = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0];
  return spki(createPrivateKey(block ?? ''));
}
