// The key pair behind a created certificate, from the policy's `key_props`: `kty` RSA (`key_size`
// 2048, 3072, 4096) or EC (`crv` P-256, P-384, P-521, P-256K), `exportable`, `reuse_key`
// (specification/keyvault/data-plane/Microsoft.KeyVault/stable/2025-07-01/certificates.json,
// KeyProperties, JsonWebKeyType, JsonWebKeyCurveName).
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Json } from '../../../core/model.js';
import { VaultError } from './bundles.js';

export type Curve = 'P-256' | 'P-384' | 'P-521' | 'P-256K';

export interface KeyProps {
  kty: 'RSA' | 'EC';
  keySize?: number;
  crv?: Curve;
  exportable: boolean;
  reuseKey: boolean;
}

interface RawKeyProps {
  kty?: string;
  key_size?: number;
  crv?: string;
  exportable?: boolean;
  reuse_key?: boolean;
}

const NODE_CURVES: Record<Curve, { name: string; bits: number }> = {
  'P-256': { name: 'prime256v1', bits: 256 },
  'P-384': { name: 'secp384r1', bits: 384 },
  'P-521': { name: 'secp521r1', bits: 521 },
  'P-256K': { name: 'secp256k1', bits: 256 },
};
// certificates.json KeyProperties.key_size: "For example: 2048, 3072, or 4096 for RSA".
const RSA_SIZES = [2048, 3072, 4096];

const badParameter = (message: string) => new VaultError(400, 'BadParameter', message);
const isCurve = (value: string): value is Curve => value in NODE_CURVES;

function ecProps(raw: RawKeyProps, exportable: boolean, reuseKey: boolean): KeyProps {
  const crv = raw.crv ?? 'P-256';
  if (!isCurve(crv)) {
    throw badParameter(`Invalid curve name '${crv}'. Valid values: P-256, P-384, P-521, P-256K.`);
  }
  if (raw.key_size !== undefined && raw.key_size !== NODE_CURVES[crv].bits) {
    throw badParameter(`Key size ${raw.key_size} does not match curve ${crv}.`);
  }
  return { kty: 'EC', crv, exportable, reuseKey };
}

/** The policy's key properties with Key Vault's defaults (RSA 2048); BadParameter otherwise. */
export function keyPropsOf(policy: Json | undefined): KeyProps {
  const raw = (policy?.key_props ?? {}) as RawKeyProps;
  // Inferred default: Key Vault serves created certificates with their key unless told not to.
  const exportable = raw.exportable ?? true;
  const reuseKey = raw.reuse_key ?? false;
  const kty = raw.kty ?? (raw.crv ? 'EC' : 'RSA');
  if (kty === 'EC') return ecProps(raw, exportable, reuseKey);
  if (kty === 'RSA') {
    const keySize = raw.key_size ?? 2048;
    if (!RSA_SIZES.includes(keySize)) {
      throw badParameter(`Invalid key size ${keySize} for RSA. Valid values: 2048, 3072, 4096.`);
    }
    return { kty, keySize, exportable, reuseKey };
  }
  // articles/key-vault/certificates/about-certificates.md: RSA-HSM and EC-HSM are Premium-only
  // and never exportable; the emulator models software keys only (docs/design/20261126-emulator.md).
  throw badParameter(`Key type '${kty}' is not supported for certificates by the emulator.`);
}

/** `key_props` as the certificate's policy reports them. */
export function keyPropsJson(props: KeyProps): Json {
  const size = props.kty === 'RSA' ? { key_size: props.keySize } : { crv: props.crv };
  return { exportable: props.exportable, kty: props.kty, ...size, reuse_key: props.reuseKey };
}

/** A new private key (PKCS#8 PEM) of the policy's type and size or curve. */
export function generateKey(props: KeyProps): string {
  const { privateKey } =
    props.kty === 'RSA'
      ? generateKeyPairSync('rsa', { modulusLength: props.keySize ?? 2048 })
      : generateKeyPairSync('ec', { namedCurve: NODE_CURVES[props.crv ?? 'P-256'].name });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The key type and size or curve of a private key, in `key_props` terms. */
export function describeKey(keyPem: string | KeyObject): Pick<KeyProps, 'kty' | 'keySize' | 'crv'> {
  const key = typeof keyPem === 'string' ? createPrivateKey(keyPem) : keyPem;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const crv = (Object.keys(NODE_CURVES) as Curve[]).find(
      (c) => NODE_CURVES[c].name === details.namedCurve,
    );
    return { kty: 'EC', crv };
  }
  return { kty: 'RSA', keySize: details.modulusLength };
}

/** Whether an earlier version's key can serve a policy with `reuse_key`. */
export function keyFits(props: KeyProps, keyPem: string): boolean {
  const actual = describeKey(keyPem);
  return props.kty === 'RSA'
    ? actual.kty === 'RSA' && actual.keySize === props.keySize
    : actual.kty === 'EC' && actual.crv === props.crv;
}
