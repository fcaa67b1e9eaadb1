// DER building blocks over node-forge's ASN.1 module, for the structures forge writes only for RSA
// keys (PKCS#10 requests, X.509 certificates, PKCS#12 bags); keys and signatures come from
// node:crypto, which handles RSA and EC alike.
import forge from 'node-forge';

export type Asn1 = forge.asn1.Asn1;

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export const seq = (value: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, value);
export const set = (value: Asn1[]): Asn1 => asn1.create(U, T.SET, true, value);
export const oid = (id: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
export const nul = (): Asn1 => asn1.create(U, T.NULL, false, '');
export const bool = (value: boolean): Asn1 =>
  asn1.create(U, T.BOOLEAN, false, String.fromCharCode(value ? 0xff : 0));
export const int = (n: number): Asn1 =>
  asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
export const octets = (bytes: Buffer): Asn1 =>
  asn1.create(U, T.OCTETSTRING, false, bytes.toString('binary'));
export const utf8 = (text: string): Asn1 =>
  asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(text));
export const printable = (text: string): Asn1 => asn1.create(U, T.PRINTABLESTRING, false, text);
export const ia5 = (text: string): Asn1 => asn1.create(U, T.IA5STRING, false, text);
/** `[tag]` EXPLICIT (constructed) around `value`. */
export const tagged = (tag: number, value: Asn1[]): Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, value);
/** `[tag]` IMPLICIT primitive, e.g. a GeneralName's `dNSName [2] IA5String`. */
export const implicitText = (tag: number, text: string): Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, text);

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function unsigned(bytes: Buffer): Asn1 {
  const body = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return asn1.create(U, T.INTEGER, false, body.toString('binary'));
}

/** A BIT STRING holding whole bytes (no unused bits): signatures and public keys. */
export const bitBytes = (bytes: Buffer): Asn1 =>
  asn1.create(U, T.BITSTRING, false, '\x00' + bytes.toString('binary'));

/** A named-bit BIT STRING (RFC 5280 KeyUsage): bit 0 is the most significant of the first byte. */
export function namedBits(bits: number[]): Asn1 {
  const last = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unused = 7 - (last & 7);
  return asn1.create(U, T.BITSTRING, false, String.fromCharCode(unused) + bytes.toString('binary'));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 section 4.1.2.5 requires. */
export function time(at: Date): Asn1 {
  return at.getUTCFullYear() < 2050
    ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(at))
    : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(at));
}

export const fromDer = (der: Buffer): Asn1 => asn1.fromDer(der.toString('binary'));
export const toDer = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
