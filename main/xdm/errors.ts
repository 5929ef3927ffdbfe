// User-facing refusals of XDM packages (French first): what happened and what to do.
import { UserError } from '../errors';

export type XdmErrorCode =
  | 'xdm.not-a-zip' | 'xdm.too-many-entries' | 'xdm.too-large' | 'xdm.bomb' | 'xdm.unsafe-path'
  | 'xdm.no-metadata' | 'xdm.xml-refused' | 'xdm.xml-malformed' | 'xdm.document-not-found' | 'xdm.encrypted';

const TEXT: Record<XdmErrorCode, { fr: string; en: string }> = {
  'xdm.not-a-zip': {
    fr: "Cette pièce jointe n'est pas une archive IHE_XDM.zip lisible. Demandez à l'expéditeur de renvoyer le document.",
    en: 'This attachment is not a readable IHE_XDM.zip archive. Ask the sender to send the document again.',
  },
  'xdm.too-many-entries': {
    fr: "L'archive IHE_XDM.zip contient trop de fichiers : elle a été refusée par sécurité. Demandez à l'expéditeur de vérifier le document.",
    en: 'The IHE_XDM.zip archive holds too many files: refused for safety. Ask the sender to check the document.',
  },
  'xdm.too-large': {
    fr: "L'archive IHE_XDM.zip est trop volumineuse une fois décompressée : elle a été refusée par sécurité. Enregistrez-la et ouvrez-la avec le logiciel métier.",
    en: 'The IHE_XDM.zip archive is too large once uncompressed: refused for safety. Save it and open it with your practice software.',
  },
  'xdm.bomb': {
    fr: "L'archive IHE_XDM.zip a un taux de compression anormal (archive piégée possible) : elle a été refusée. Ne l'ouvrez pas et prévenez l'expéditeur.",
    en: 'The IHE_XDM.zip archive has an abnormal compression ratio (possible zip bomb): refused. Do not open it and warn the sender.',
  },
  'xdm.unsafe-path': {
    fr: "L'archive IHE_XDM.zip contient des chemins de fichiers dangereux : elle a été refusée. Ne l'ouvrez pas et prévenez l'expéditeur.",
    en: 'The IHE_XDM.zip archive contains dangerous file paths: refused. Do not open it and warn the sender.',
  },
  'xdm.no-metadata': {
    fr: "L'archive ne contient pas de fichier IHE_XDM/SUBSET01/METADATA.XML : ce n'est pas un paquet XDM valide. Enregistrez la pièce jointe pour l'ouvrir autrement.",
    en: 'The archive has no IHE_XDM/SUBSET01/METADATA.XML: not a valid XDM package. Save the attachment to open it otherwise.',
  },
  'xdm.xml-refused': {
    fr: "Un fichier XML du paquet XDM contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité. Prévenez l'expéditeur.",
    en: 'An XML file of the XDM package contains a DOCTYPE or ENTITY declaration, refused for safety. Warn the sender.',
  },
  'xdm.xml-malformed': {
    fr: "Un fichier XML du paquet XDM est mal formé et ne peut pas être lu. Demandez à l'expéditeur de renvoyer le document.",
    en: 'An XML file of the XDM package is malformed and cannot be read. Ask the sender to send the document again.',
  },
  'xdm.document-not-found': {
    fr: "Ce document n'existe pas dans le paquet XDM. Rouvrez la pièce jointe.",
    en: 'This document does not exist in the XDM package. Open the attachment again.',
  },
  'xdm.encrypted': {
    fr: "L'archive IHE_XDM.zip est chiffrée et ne peut pas être lue ici. Enregistrez-la et ouvrez-la avec le logiciel métier.",
    en: 'The IHE_XDM.zip archive is encrypted and cannot be read here. Save it and open it with your practice software.',
  },
};

export class XdmError extends UserError {
  constructor(code: XdmErrorCode, options?: { cause?: unknown }) {
    super(code, TEXT[code], options);
    this.name = 'XdmError';
  }
}
