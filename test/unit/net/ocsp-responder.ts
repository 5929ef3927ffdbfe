// A real OCSP responder on 127.0.0.1 (RFC 6960 over HTTP POST), signing with a test CA's key: answers
// "revoked" for the serials it is told, "good" for the others.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface TestOcspResponder {
  url: string;
  requests: number;
  revoked: Set<string>;
  close(): Promise<void>;
}

export async function startOcspResponder(issuerDer: ArrayBuffer, issuerKey: CryptoKey): Promise<TestOcspResponder> {
  const issuer = pkijs.Certificate.fromBER(new Uint8Array(issuerDer));
  const state = { requests: 0, revoked: new Set<string>() };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        state.requests++;
        const request = pkijs.OCSPRequest.fromBER(new Uint8Array(Buffer.concat(chunks)));
        const basic = new pkijs.BasicOCSPResponse();
        basic.tbsResponseData.responderID = issuer.subject;
        basic.tbsResponseData.producedAt = new Date();
        for (const r of request.tbsRequest.requestList) {
          const serial = Buffer.from(r.reqCert.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase().replace(/^0+/, '');
          const single = new pkijs.SingleResponse();
          single.certID = r.reqCert;
          single.certStatus = state.revoked.has(serial)
            ? new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.GeneralizedTime({ valueDate: new Date(Date.now() - 3600_000) })] })
            : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, blockLength: 1 } as never);
          single.thisUpdate = new Date(Date.now() - 60_000);
          single.nextUpdate = new Date(Date.now() + 3600_000);
          basic.tbsResponseData.responses.push(single);
        }
        await basic.sign(issuerKey, 'SHA-256');
        const resp = new pkijs.OCSPResponse();
        resp.responseStatus.valueBlock.valueDec = 0;
        resp.responseBytes = new pkijs.ResponseBytes({ responseType: '1.3.6.1.5.5.7.48.1.1', response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }) });
        const body = Buffer.from(resp.toSchema().toBER());
        res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': body.length }).end(body);
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    get requests() {
      return state.requests;
    },
    revoked: state.revoked,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
