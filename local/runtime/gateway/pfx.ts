// A Key Vault certificate's secret (base64 PKCS#12, no password: "Application Gateway only
// supports certificates in Personal Information Exchange (PFX) format", key-vault-certs.md) as the
// PEM key and chain a TLS listener serves. node-forge parses RSA keys; an EC key is handed back as
// its decrypted PKCS#8 and read by node:crypto.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface ListenerCertificate {
  keyPem: string;
  /** Leaf first, then the rest of the chain. */
  certPem: string;
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, type: string | undefined) {
  return type ? (p12.getBags({ bagType: type })[type] ?? []) : [];
}

function keyPemOf(p12: forge.pkcs12.Pkcs12Pfx): string {
  const oids = forge.pki.oids as Record<string, string | undefined>;
  const bag = [...bagsOf(p12, oids.pkcs8ShroudedKeyBag), ...bagsOf(p12, oids.keyBag)][0];
  if (!bag) throw new Error('the PFX holds no private key');
  const info = bag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))
    : bag.asn1;
  const der = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

const spki = (pem: string | X509Certificate) =>
  (typeof pem === 'string' ? createPublicKey(pem) : pem.publicKey)
    .export({ type: 'spki', format: 'der' })
    .toString('base64');

/** Key and chain of a base64 PFX without password; throws what is wrong, never the contents. */
export function readListenerPfx(base64: string): ListenerCertificate {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(base64)), '');
  const keyPem = keyPemOf(p12);
  const oids = forge.pki.oids as Record<string, string | undefined>;
  const certs = bagsOf(p12, oids.certBag).flatMap((bag) => {
    const der = bag.cert
      ? forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes()
      : bag.asn1
        ? forge.asn1.toDer(bag.asn1).getBytes()
        : undefined;
    return der ? [new X509Certificate(Buffer.from(der, 'binary'))] : [];
  });
  const ownKey = spki(keyPem);
  const leaf = certs.find((c) => spki(c) === ownKey);
  if (!leaf) throw new Error('the PFX holds no certificate for its private key');
  const chain = [leaf, ...certs.filter((c) => c !== leaf)];
  return { keyPem, certPem: chain.map((c) => c.toString()).join('') };
}
