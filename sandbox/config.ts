// The sandbox operator's fixed shape: where it keeps state, which ports it listens on (127.0.0.1 only),
// and the seeded people, mailboxes (BAL) and delegations. Every part of the sandbox (Dovecot, Postfix,
// PSC-like provider, autoconfig, FHIR, DNS, CPS-like card) and every test reads this one file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PSC_ISSUER_PATH, PSC_ROUTES, WALLET_DISCOVERY } from './psc/routes';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** State folder (ignored by git). Override with SANDBOX_DIR. */
export const SANDBOX_DIR = process.env.SANDBOX_DIR ?? path.join(REPO_ROOT, '.sandbox');

export const DOMAIN = 'test.mssante.fr';
export const HOST = '127.0.0.1';

/** Listening ports; SANDBOX_PORT_OFFSET shifts them all (to run two sandboxes side by side). */
export const PORT_OFFSET = Number(process.env.SANDBOX_PORT_OFFSET ?? 0);
const OFFSET = PORT_OFFSET;
export const PORTS = {
  imap: 10143 + OFFSET, // IMAP + STARTTLS (PLAIN/LOGIN, XOAUTH2, OAUTHBEARER)
  imaps: 10993 + OFFSET, // IMAP implicit TLS
  imapCert: 10994 + OFFSET, // IMAP implicit TLS, client certificate required, SASL EXTERNAL only
  lmtp: 10024 + OFFSET, // Dovecot LMTP (Postfix delivers here)
  dovecotAuth: 10012 + OFFSET, // Dovecot SASL for Postfix
  smtp: 10025 + OFFSET, // Postfix MX-like, no auth (used to inject test mail)
  submission: 10587 + OFFSET, // Postfix submission + STARTTLS (SASL via Dovecot)
  submissions: 10465 + OFFSET, // Postfix implicit TLS submission
  psc: 10443 + OFFSET, // PSC-like OpenID provider (https)
  pscInternal: 10080 + OFFSET, // same provider, plain http on loopback, for Dovecot's introspection only
  web: 10444 + OFFSET, // https: autoconfig (autoconfig.<domain>, <domain>/.well-known), BAL listing, CGU page
  fhir: 10445 + OFFSET, // https: Annuaire Santé FHIR fixture
  dns: 10053 + OFFSET, // UDP+TCP DNS: SRV (RFC 6186/8314) and A records for the sandbox domain
} as const;

export const PSC_ISSUER = `https://localhost:${PORTS.psc}${PSC_ISSUER_PATH}`;
/** Confidential client registered at the sandbox PSC for this app (PSC clients authenticate with a secret or mTLS). */
export const PSC_CLIENT = { clientId: 'mssante-client-lps', clientSecret: 'sandbox-client-secret-not-for-production' } as const;
/** Client Dovecot uses to call the introspection endpoint. */
export const PSC_INTROSPECTION_CLIENT = { clientId: 'dovecot-introspect', clientSecret: 'sandbox-dovecot-secret' } as const;
/** Access tokens live a few minutes, as at PSC. */
export const ACCESS_TOKEN_TTL_SECONDS = 300;
/** Simultaneous IMAP connections one person (IdNat) may hold across all BALs. */
export const CONNECTION_CAP = 10;

export type BalType = 'PER' | 'ORG' | 'APP' | 'CAB';

/**
 * Load BALs (torture `load` phase, which runs its own sandbox): SANDBOX_LOAD_BALS=n adds charge-01…n and a
 * person (LOAD_PERSON_IDNAT) holding every BAL. Unset (the shared sandbox, every other suite): none.
 */
const LOAD_BAL_COUNT = Math.max(0, Math.min(50, Number(process.env.SANDBOX_LOAD_BALS ?? 0) || 0));
const LOAD_BALS = Array.from({ length: LOAD_BAL_COUNT }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { address: `charge-${n}@${DOMAIN}`, type: 'ORG' as const, label: `Charge ${n}`, password: `charge-${n}-pw` };
});
export const LOAD_PERSON_IDNAT = '810000000042';
export type Role = 'titulaire' | 'cotitulaire' | 'délégataire';

export interface SandboxBal {
  address: string;
  type: BalType;
  /** Display name used in the directory and in From labels. */
  label: string;
  /** IMAP/SMTP password for plain login (tests of the sandbox only; the app uses PSC tokens). */
  password: string;
}

export interface SandboxPerson {
  idNat: string;
  givenName: string;
  familyName: string;
  /** Profession as in SubjectRefPro / the card title. */
  profession: string;
  /** Title used in From labels (Dr, ...), empty for a secretary. */
  title: string;
  /** PSC authentication methods this person has. */
  methods: Array<'CARD' | 'MOBILE'>;
  /** Whether this person has a CPS-like card in the sandbox (SoftHSM token). */
  card: boolean;
  rights: Array<{ bal: string; role: Role }>;
}

export const BALS: SandboxBal[] = [
  { address: `alice.martin@${DOMAIN}`, type: 'PER', label: 'Dr Alice MARTIN', password: 'alice-pw' },
  { address: `bob.durand@${DOMAIN}`, type: 'PER', label: 'Dr Bob DURAND', password: 'bob-pw' },
  { address: `cabinet.saint-roch@${DOMAIN}`, type: 'CAB', label: 'Cabinet médical Saint-Roch', password: 'cabinet-pw' },
  { address: `accueil.centre-sante@${DOMAIN}`, type: 'ORG', label: 'Centre de santé Saint-Roch – Accueil', password: 'accueil-pw' },
  { address: `logiciel.labo@${DOMAIN}`, type: 'APP', label: 'Laboratoire Saint-Roch – Résultats', password: 'labo-pw' },
  ...LOAD_BALS,
];

/** IdNat of the sandbox's structure staff member (SIRET form with a local id, containing "/"). */
export const STRUCTURE_PERSON_IDNAT = '500000001815646/CPAT00045';

export const PEOPLE: SandboxPerson[] = [
  {
    idNat: '810001234567', givenName: 'Alice', familyName: 'MARTIN', profession: 'Médecin', title: 'Dr',
    methods: ['CARD', 'MOBILE'], card: true,
    rights: [
      { bal: `alice.martin@${DOMAIN}`, role: 'titulaire' },
      { bal: `cabinet.saint-roch@${DOMAIN}`, role: 'titulaire' },
      { bal: `accueil.centre-sante@${DOMAIN}`, role: 'titulaire' },
    ],
  },
  {
    idNat: '810009876543', givenName: 'Bob', familyName: 'DURAND', profession: 'Médecin', title: 'Dr',
    methods: ['CARD', 'MOBILE'], card: true,
    rights: [
      { bal: `bob.durand@${DOMAIN}`, role: 'titulaire' },
      { bal: `cabinet.saint-roch@${DOMAIN}`, role: 'cotitulaire' },
    ],
  },
  {
    // A secretary: RPPS+ identifier, e-CPS only, delegated on three BALs (not on Dr DURAND's PER).
    idNat: '810101234560', givenName: 'Claire', familyName: 'PETIT', profession: 'Secrétaire médicale', title: '',
    methods: ['MOBILE'], card: false,
    rights: [
      { bal: `alice.martin@${DOMAIN}`, role: 'délégataire' },
      { bal: `cabinet.saint-roch@${DOMAIN}`, role: 'délégataire' },
      { bal: `accueil.centre-sante@${DOMAIN}`, role: 'délégataire' },
    ],
  },
  ...(LOAD_BAL_COUNT > 0
    ? [{
        idNat: LOAD_PERSON_IDNAT, givenName: 'Charles', familyName: 'CHARGE', profession: 'Médecin', title: 'Dr',
        methods: ['MOBILE'] as Array<'CARD' | 'MOBILE'>, card: false,
        rights: BALS.map((b) => ({ bal: b.address, role: 'titulaire' as Role })),
      }]
    : []),
  {
    // Staff of a structure: structure-form IdNat (5 + SIRET, "/", the structure's own id for her), e-CPS
    // only, no right on any sandbox BAL (the token and card paths of issue 19.4 are tested with her).
    idNat: STRUCTURE_PERSON_IDNAT, givenName: 'Nadia', familyName: 'ROUX', profession: "Agent d'accueil", title: '',
    methods: ['MOBILE'], card: false,
    rights: [],
  },
  {
    // A registered professional with no right on any sandbox BAL.
    idNat: '810005555555', givenName: 'Paul', familyName: 'LEROY', profession: 'Infirmier', title: '',
    methods: ['MOBILE'], card: false,
    rights: [],
  },
];

/** Accepted by Postfix, unknown to Dovecot: LMTP 550, hence a FAILURE DSN. */
export const GHOST_ADDRESS = `ghost@${DOMAIN}`;

/** The secretary the demo and most e2e tests log in as. */
export const DEMO_PERSON_IDNAT = '810101234560';

/** CPS-like card PIN (SoftHSM user PIN) and SO PIN (stands for the PUK). */
export const CARD_PIN = '1234';
export const CARD_PUK = '12345678';
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export function personByIdNat(idNat: string): SandboxPerson | undefined {
  return PEOPLE.find((p) => p.idNat === idNat);
}

/** Sandbox state paths. */
export const PATHS = {
  pki: path.join(SANDBOX_DIR, 'pki'),
  caCert: path.join(SANDBOX_DIR, 'pki', 'ca.crt'),
  caCrl: path.join(SANDBOX_DIR, 'pki', 'ca.crl'),
  serverCert: path.join(SANDBOX_DIR, 'pki', 'server.crt'),
  serverKey: path.join(SANDBOX_DIR, 'pki', 'server.key'),
  dovecot: path.join(SANDBOX_DIR, 'dovecot'),
  postfix: path.join(SANDBOX_DIR, 'postfix'),
  node: path.join(SANDBOX_DIR, 'node'),
  card: path.join(SANDBOX_DIR, 'card'),
  logs: path.join(SANDBOX_DIR, 'logs'),
  status: path.join(SANDBOX_DIR, 'status.json'),
} as const;

/** IGC-Santé-like software certificate (PKCS#12) of the APP BAL, for TLS client authentication
 *  (SASL EXTERNAL on PORTS.imapCert). Its CN is the identity Dovecot reads (ssl_cert_username_field). */
export const SOFTWARE_CERT = {
  bal: `logiciel.labo@${DOMAIN}`,
  identity: `logiciel.labo@${DOMAIN}`,
  p12: path.join(SANDBOX_DIR, 'pki', 'issued', 'logiciel.labo.p12'),
  cert: path.join(SANDBOX_DIR, 'pki', 'issued', 'logiciel.labo.crt'),
  key: path.join(SANDBOX_DIR, 'pki', 'issued', 'logiciel.labo.key'),
  p12Password: 'sandbox-p12',
} as const;

/** Sandbox PSC and operator web URLs (sandbox/psc, sandbox/web; see sandbox/psc/README.md). */
export const PSC_WALLET_DISCOVERY_URL = `${PSC_ISSUER}${WALLET_DISCOVERY}`;
/** Introspection on the provider's plain-http loopback listener (Dovecot). Note: fetch() refuses port 10080. */
export const PSC_INTERNAL_INTROSPECTION_URL = `http://${HOST}:${PORTS.pscInternal}${PSC_ISSUER_PATH}${PSC_ROUTES.introspection}`;
/** Test-only controls of the sandbox PSC (CIBA approve/deny, revoke, token, expire); loopback only. */
export const PSC_CONTROL_URL = `https://localhost:${PORTS.psc}/__sandbox`;
export const WEB_BASE_URL = `https://localhost:${PORTS.web}`;
export const AUTOCONFIG_URL = `${WEB_BASE_URL}/.well-known/autoconfig/mail/config-v1.1.xml`;
export const BAL_LISTING_URL = `${WEB_BASE_URL}/api/v1/bals`;
export const FHIR_BASE_URL = `https://localhost:${PORTS.fhir}/fhir/v2`;
/** Optional PSC listener asking for a TLS client certificate (card login), when SANDBOX_PSC_CARD_TLS is
 *  `optional` or `required` (default `off`). Same offset rule as PORTS. */
export const PSC_CARD_PORT = 10446 + PORT_OFFSET;
