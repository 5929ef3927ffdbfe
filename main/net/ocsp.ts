// OCSP (RFC 6960), the alternative to CRLs that MSSanté Ref#2 ECO.1.1.6 allows: IGC-Santé server
// certificates name http://ocsp.esante.gouv.fr in their AIA. Request built for a certificate and its
// issuer; the response must be signed by the issuer (or by a responder certificate the issuer signed),
// name this certificate, and be current (thisUpdate ≤ now ≤ nextUpdate). pkijs does the ASN.1 and crypto.
import 'reflect-metadata';
import crypto from 'node:crypto';
import http from 'node:http';
import { AuthorityInfoAccessExtension, X509Certificate as PeculiarCertificate } from '@peculiar/x509';
import * as pkijs from 'pkijs';

export type OcspStatus = 'good' | 'revoked' | 'unknown';
export interface OcspVerdict {
  status: OcspStatus;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

export class OcspError extends Error {
  override readonly name = 'OcspError';
}

const MAX_OCSP_BYTES = 64 * 1024;

/** HTTP OCSP responders named in a certificate's AIA. */
export function ocspUrls(raw: Buffer): string[] {
  try {
    const ext = new PeculiarCertificate(new Uint8Array(raw)).getExtension(AuthorityInfoAccessExtension);
    return (ext?.ocsp ?? []).filter((g) => g.type === 'url' && /^https?:\/\//i.test(g.value)).map((g) => g.value);
  } catch {
    return [];
  }
}

const toPkijs = (c: crypto.X509Certificate) => pkijs.Certificate.fromBER(new Uint8Array(c.raw));

export async function ocspRequest(cert: crypto.X509Certificate, issuer: crypto.X509Certificate): Promise<Buffer> {
  const req = new pkijs.OCSPRequest();
  await req.createForCertificate(toPkijs(cert), { hashAlgorithm: 'SHA-1', issuerCertificate: toPkijs(issuer) });
  return Buffer.from(req.toSchema(true).toBER());
}

/** Checks a DER OCSPResponse for `cert`; throws OcspError when it cannot be relied upon. */
export async function verifyOcspResponse(der: Buffer, cert: crypto.X509Certificate, issuer: crypto.X509Certificate, now = new Date()): Promise<OcspVerdict> {
  let basic: pkijs.BasicOCSPResponse;
  try {
    const resp = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
    if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes) throw new OcspError(`OCSP responder status ${resp.responseStatus.valueBlock.valueDec}`);
    basic = pkijs.BasicOCSPResponse.fromBER(new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView));
  } catch (e) {
    throw e instanceof OcspError ? e : new OcspError('unreadable OCSP response');
  }
  const issuerP = toPkijs(issuer);
  // A CA signing its own answers often sends no certificate: the issuer is then the candidate signer.
  if (!basic.certs?.length) basic.certs = [issuerP];
  let signed = false;
  try {
    signed = await basic.verify({ trustedCerts: [issuerP] });
  } catch {
    signed = false;
  }
  if (!signed) throw new OcspError('OCSP response not signed by the issuing CA');
  const certP = toPkijs(cert);
  const single = await (async () => {
    for (const r of basic.tbsResponseData.responses) if (await r.certID.isEqual(await certIdFor(certP, issuerP, r.certID))) return r;
    return null;
  })();
  if (!single) throw new OcspError('OCSP response is not about this certificate');
  const thisUpdate = single.thisUpdate;
  const nextUpdate = single.nextUpdate ?? null;
  if (thisUpdate.getTime() > now.getTime() + 5 * 60_000) throw new OcspError('OCSP response dated in the future');
  if (nextUpdate && nextUpdate.getTime() < now.getTime()) throw new OcspError('OCSP response past its nextUpdate');
  if (!nextUpdate && now.getTime() - thisUpdate.getTime() > 3600_000) throw new OcspError('OCSP response without nextUpdate is too old');
  const tag = single.certStatus.idBlock.tagNumber as number;
  return { status: tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown', thisUpdate, nextUpdate };
}

async function certIdFor(cert: pkijs.Certificate, issuer: pkijs.Certificate, like: pkijs.CertID): Promise<pkijs.CertID> {
  const id = new pkijs.CertID();
  const hash = pkijs.getCrypto(true).getAlgorithmByOID(like.hashAlgorithm.algorithmId, true, 'hashAlgorithm') as { name: string };
  await id.createForCertificate(cert, { hashAlgorithm: hash.name, issuerCertificate: issuer });
  return id;
}

/** POSTs the request (RFC 6960 appendix A), size- and time-limited. */
export function fetchOcsp(url: string, body: Buffer, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    if (u.protocol !== 'http:') {
      reject(new OcspError(`unsupported OCSP URL scheme ${u.protocol}`));
      return;
    }
    const req = http.request(u, { method: 'POST', timeout: timeoutMs, agent: false, headers: { 'content-type': 'application/ocsp-request', 'content-length': body.length } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new OcspError(`OCSP HTTP ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_OCSP_BYTES) req.destroy(new OcspError('OCSP response too large'));
        else chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new OcspError('OCSP request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
