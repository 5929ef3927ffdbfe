// Errors of software-certificate (PKCS#12) authentication, with French messages for the user.
export type CertificateErrorCode = 'bad-password' | 'unreadable' | 'expired' | 'not-yet-valid' | 'no-identity' | 'tls-refused' | 'login-refused' | 'server-untrusted' | 'network' | 'protocol' | 'not-for-bal' | 'untrusted-issuer';

const MESSAGES: Record<CertificateErrorCode, string> = {
  'bad-password': 'Le mot de passe du certificat logiciel (fichier .p12) est incorrect. Vérifiez-le et réessayez.',
  unreadable: "Ce fichier n'est pas un certificat logiciel PKCS#12 lisible (.p12 / .pfx). Demandez le bon fichier à votre administrateur.",
  expired: "Le certificat logiciel a expiré : il ne permet plus de se connecter. Demandez son renouvellement à l'IGC-Santé (ANS).",
  'not-yet-valid': "Le certificat logiciel n'est pas encore valide. Vérifiez la date et l'heure de l'ordinateur.",
  'no-identity': "Le certificat logiciel ne porte pas d'identité (CN) utilisable pour la messagerie. Demandez le bon certificat à votre administrateur.",
  'tls-refused':
    "Le serveur de messagerie a refusé le certificat logiciel (certificat révoqué, non reconnu ou absent). Vérifiez que le certificat est celui de cette boîte aux lettres et qu'il n'a pas été révoqué.",
  'login-refused':
    "Le serveur de messagerie a refusé la connexion avec ce certificat (certificat non reconnu ou révoqué, ou sans droit sur cette boîte aux lettres). Vérifiez l'adresse de la boîte aux lettres et le certificat choisi, ou contactez votre opérateur.",
  'server-untrusted': "Le certificat du serveur de messagerie n'a pas pu être vérifié : la connexion a été refusée par sécurité. Contactez votre support.",
  network: 'Le serveur de messagerie ne répond pas. Vérifiez votre connexion internet puis réessayez.',
  'not-for-bal':
    "Ce certificat logiciel n'est pas celui de cette boîte aux lettres : son identité ne correspond pas à l'adresse de la BAL. Vérifiez que vous avez choisi le bon fichier .p12, ou demandez le certificat de cette BAL à votre administrateur.",
  'untrusted-issuer':
    "Ce certificat logiciel n'a pas été délivré par l'IGC-Santé (autorité de certification de l'ANS) : l'opérateur le refuserait. Demandez un certificat logiciel IGC-Santé à votre administrateur.",
  protocol: 'Le serveur de messagerie a répondu de façon inattendue pendant la connexion par certificat. Réessayez ; si cela persiste, contactez votre opérateur.',
};

export class CertificateAuthError extends Error {
  override readonly name = 'CertificateAuthError';
  constructor(
    readonly code: CertificateErrorCode,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
  }
}
