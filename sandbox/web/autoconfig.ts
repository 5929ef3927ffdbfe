// Thunderbird clientConfig v1.1 document of the sandbox operator, with the MSSanté extension elements
// (namespace urn:mssante:clientconfig:1) described in docs/autoconfig-format.md.
import { CONNECTION_CAP, DOMAIN, PORTS, PSC_CLIENT } from '../config';
import { PSC_SCOPE, PSC_ACR } from '../psc/provider';
import { PSC_ROUTES, WALLET_DISCOVERY, type PscRoutes } from '../psc/routes';

export const MSS_NAMESPACE = 'urn:mssante:clientconfig:1';

export interface AutoconfigUrls {
  /** PSC issuer (https). */
  issuer: string;
  /** https origin of the web server, e.g. https://localhost:10444 */
  webBase: string;
  /** Host name the mail servers are reached at. */
  mailHost: string;
  /** The provider's endpoint paths (default PSC_ROUTES), for the standard oAuth2 block. */
  pscRoutes?: PscRoutes;
}

function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

export function autoconfigXml(urls: AutoconfigUrls): string {
  const { issuer, webBase, mailHost } = urls;
  const routes = urls.pscRoutes ?? PSC_ROUTES;
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1" xmlns:mss="${MSS_NAMESPACE}">
  <emailProvider id="${esc(DOMAIN)}">
    <domain>${esc(DOMAIN)}</domain>
    <displayName>Opérateur MSSanté de test</displayName>
    <displayShortName>MSSanté test</displayShortName>
    <incomingServer type="imap">
      <hostname>${esc(mailHost)}</hostname>
      <port>${PORTS.imap}</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>${esc(mailHost)}</hostname>
      <port>${PORTS.submission}</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </outgoingServer>
    <mss:psc issuer="${esc(issuer)}"
             discovery="${esc(issuer + WALLET_DISCOVERY)}"
             clientId="${esc(PSC_CLIENT.clientId)}"
             scope="${esc(PSC_SCOPE)}"
             acr="${esc(PSC_ACR)}">
      <mss:flow>ciba-card</mss:flow>
      <mss:flow>ciba-mobile</mss:flow>
      <mss:flow>authorization-code</mss:flow>
    </mss:psc>
    <mss:certificateAuth>
      <mss:incomingServer type="imap">
        <mss:hostname>${esc(mailHost)}</mss:hostname>
        <mss:port>${PORTS.imapCert}</mss:port>
        <mss:socketType>SSL</mss:socketType>
        <mss:mechanism>EXTERNAL</mss:mechanism>
      </mss:incomingServer>
    </mss:certificateAuth>
    <mss:balListing url="${esc(`${webBase}/api/v1/bals`)}"/>
    <mss:cgu url="${esc(`${webBase}/cgu`)}"/>
    <mss:connectionCap>${CONNECTION_CAP}</mss:connectionCap>
    <mss:nil required="true"/>
  </emailProvider>
  <oAuth2>
    <issuer>${esc(issuer)}</issuer>
    <scope>${esc(PSC_SCOPE)}</scope>
    <authURL>${esc(issuer + routes.authorization)}</authURL>
    <tokenURL>${esc(issuer + routes.token)}</tokenURL>
  </oAuth2>
</clientConfig>
`;
}
