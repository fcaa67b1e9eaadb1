// PKCS#12 (RFC 7292) for RSA and EC keys. Key Vault serves a certificate's secret with content
// type `application/x-pkcs12` as a password-less base64 PFX
// (articles/application-gateway/key-vault-certs.md, "Configure your key vault"). node-forge writes
// PKCS#12 only around RSA keys, so the bags are built here: certificates as their DER, the key as
// node:crypto's PKCS#8 shrouded with pbeWithSHAAnd3-KeyTripleDES-CBC, which Application Gateway
// recommends (MicrosoftDocs/SupportArticles-docs support/azure/application-gateway/
// troubleshoot-application-gateway-key-vault-certificate.md, Resolution D), and an HMAC-SHA1 MAC.
import {
  createHash,
  createHmac,
  createPrivateKey,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import forge from 'node-forge';
import * as der from './der.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  sha1: '1.3.14.3.2.26',
};
const ITERATIONS = 2048;
const PASSWORD = '';

export interface PfxContents {
  certPems: string[];
  keyPem?: string;
}

/** ContentInfo of type `data` around `content`. */
const data = (content: der.Asn1) =>
  der.seq([der.oid(OID.data), der.tagged(0, [der.octets(der.toDer(content))])]);

const keyIdAttribute = (id: Buffer) =>
  der.set([der.seq([der.oid(OID.localKeyId), der.set([der.octets(id)])])]);

function certBag(certPem: string, attributes: der.Asn1[]): der.Asn1 {
  const value = der.seq([
    der.oid(OID.x509Certificate),
    der.tagged(0, [der.octets(new X509Certificate(certPem).raw)]),
  ]);
  return der.seq([der.oid(OID.certBag), der.tagged(0, [value]), ...attributes]);
}

function shroudedKeyBag(keyPem: string, attributes: der.Asn1[]): der.Asn1 {
  const info = der.fromDer(createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' }));
  const encrypted = forge.pki.encryptPrivateKeyInfo(info, PASSWORD, {
    algorithm: '3des',
    count: ITERATIONS,
    saltSize: 8,
  });
  return der.seq([der.oid(OID.shroudedKeyBag), der.tagged(0, [encrypted]), ...attributes]);
}

function macData(safe: Buffer): der.Asn1 {
  const salt = randomBytes(8);
  const key = forge.pkcs12.generateKey(
    PASSWORD,
    forge.util.createBuffer(salt.toString('binary')),
    3,
    ITERATIONS,
    20,
  );
  const mac = createHmac('sha1', Buffer.from(key.getBytes(), 'binary')).update(safe).digest();
  const digest = der.seq([der.seq([der.oid(OID.sha1), der.nul()]), der.octets(mac)]);
  return der.seq([digest, der.octets(salt), der.int(ITERATIONS)]);
}

/** Base64 PFX: the chain (leaf first) and, when given, the leaf's key, paired by localKeyId. */
export function writePfx(contents: PfxContents): string {
  const [leaf, ...chain] = contents.certPems;
  const id = [
    keyIdAttribute(
      createHash('sha1')
        .update(new X509Certificate(leaf ?? '').raw)
        .digest(),
    ),
  ];
  const certs = der.seq([
    certBag(leaf ?? '', contents.keyPem ? id : []),
    ...chain.map((c) => certBag(c, [])),
  ]);
  const safes = [data(certs)];
  if (contents.keyPem) safes.push(data(der.seq([shroudedKeyBag(contents.keyPem, id)])));
  const safe = der.seq(safes);
  const pfx = der.seq([der.int(3), data(safe), macData(der.toDer(safe))]);
  return der.toDer(pfx).toString('base64');
}

/** The certificates and key of a base64 PFX; forge decodes the bags, node:crypto the keys. */
export function readPfx(base64: string, password: string | undefined): PfxContents {
  const p12 = forge.pkcs12.pkcs12FromAsn1(
    der.fromDer(Buffer.from(base64, 'base64')),
    password ?? '',
  );
  const bagsOf = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  // forge parses RSA keys and certificates; for others (EC) it leaves their ASN.1 in `asn1`.
  const keys = [...bagsOf(OID.shroudedKeyBag), ...bagsOf(OID.keyBag)].map((b) =>
    b.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(b.key)) : b.asn1,
  );
  const certs = bagsOf(OID.certBag).map((b) =>
    b.cert ? forge.pki.certificateToAsn1(b.cert) : b.asn1,
  );
  const key = keys[0];
  return {
    certPems: certs.map((c) => new X509Certificate(der.toDer(c)).toString()),
    ...(key
      ? {
          keyPem: createPrivateKey({ key: der.toDer(key), format: 'der', type: 'pkcs8' })
            .export({ format: 'pem', type: 'pkcs8' })
            .toString(),
        }
      : {}),
  };
}
