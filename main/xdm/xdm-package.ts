// IHE_XDM.zip packages: what the reader shows (patient, documents), one document as a data URL (its PDF
// rendering when the package holds one, else our HTML rendering of the CDA), and the MSSanté headers a
// sender must add (X-MSS-CODECDA, X-MSS-INS).
import path from 'node:path/posix';
import type { XdmView } from '../../shared/types';
import { cdaPatientId, cdaTypeCode, renderCdaHtml } from './cda-render';
import { XdmError } from './errors';
import { INS_OIDS, parseXdmMetadata, type XdmDocumentEntry, type XdmMetadata } from './metadata';
import { DEFAULT_ZIP_LIMITS, findFile, readZipSafely, type ZipFiles, type ZipLimits } from './safe-zip';

export const METADATA_PATH = 'IHE_XDM/SUBSET01/METADATA.XML';
/** Largest document returned to the renderer as a data URL. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface XdmPackage {
  files: ZipFiles;
  metadata: XdmMetadata;
  metadataPath: string;
  readme: string | null;
  indexHtml: string | null;
}

function findMetadata(files: ZipFiles): { name: string; data: Buffer } | null {
  const exact = findFile(files, METADATA_PATH);
  if (exact) return exact;
  // Other subsets (SUBSET02...) are allowed by IHE; take the first one.
  for (const [name, data] of files) if (/^IHE_XDM\/[^/]+\/METADATA\.XML$/i.test(name)) return { name, data };
  return null;
}

export async function openXdmPackage(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<XdmPackage> {
  const files = await readZipSafely(zip, limits);
  const meta = findMetadata(files);
  if (!meta) throw new XdmError('xdm.no-metadata');
  const readme = findFile(files, 'README.TXT');
  const index = findFile(files, 'INDEX.HTM');
  return {
    files,
    metadata: parseXdmMetadata(meta.data),
    metadataPath: meta.name,
    readme: readme ? readme.data.toString('utf8').slice(0, 20_000) : null,
    indexHtml: index ? index.data.toString('utf8').slice(0, 200_000) : null,
  };
}

/** The file of a document entry (URI relative to the METADATA.XML folder). */
function documentFile(pkg: XdmPackage, doc: XdmDocumentEntry): { name: string; data: Buffer } | null {
  if (!doc.uri) return null;
  const uri = decodeURIComponent(doc.uri);
  if (uri.includes('..') || uri.startsWith('/') || uri.includes('\\')) return null;
  return findFile(pkg.files, path.join(path.dirname(pkg.metadataPath), uri));
}

/** A PDF rendering of a CDA: another entry with a PDF mime type sharing its base name, or a file next to it. */
function pdfFor(pkg: XdmPackage, doc: XdmDocumentEntry): { name: string; data: Buffer } | null {
  if (doc.mimeType === 'application/pdf') return documentFile(pkg, doc);
  const file = documentFile(pkg, doc);
  if (!file) return null;
  const base = file.name.replace(/\.[^./]+$/, '');
  const sibling = findFile(pkg.files, `${base}.PDF`) ?? findFile(pkg.files, `${base}.pdf`);
  if (sibling && sibling.data.subarray(0, 5).toString('latin1') === '%PDF-') return sibling;
  return null;
}

export function xdmView(pkg: XdmPackage): XdmView {
  const warnings: string[] = [];
  const { patient, documents } = pkg.metadata;
  if (!patient.ins) warnings.push("Aucun identifiant patient (INS) n'est indiqué dans le paquet : vérifiez l'identité du patient avant d'intégrer le document.");
  else if (!patient.insQualified) warnings.push("L'identifiant patient n'est pas un INS qualifié : vérifiez l'identité du patient avant d'intégrer le document.");
  else if (patient.insOid === INS_OIDS.test || patient.insOid === INS_OIDS.demo) warnings.push('INS de test ou de démonstration : ce document ne concerne pas un vrai patient.');
  // A PDF entry that only renders a CDA of the package is reached through that CDA (hasPdf).
  const visible = documents.filter((d) => !(d.mimeType === 'application/pdf' && documents.some((o) => o !== d && o.mimeType !== 'application/pdf' && pdfFor(pkg, o)?.name === documentFile(pkg, d)?.name)));
  for (const d of visible) if (!documentFile(pkg, d)) warnings.push(`Le fichier du document « ${d.title} » est absent du paquet.`);
  return {
    patient: { name: patient.name, birthDate: patient.birthDate, ins: patient.ins, insQualified: patient.insQualified },
    documents: visible.map((d) => ({
      id: d.uniqueId,
      title: d.title,
      typeCode: d.typeCode?.code ?? null,
      typeLabel: d.typeCode?.display ?? d.classCode?.display ?? null,
      mime: d.mimeType,
      author: d.author,
      date: d.creationTime,
      hasPdf: !!pdfFor(pkg, d),
    })),
    warnings,
  };
}

export async function inspectXdm(zip: Buffer): Promise<XdmView> {
  return xdmView(await openXdmPackage(zip));
}

/** Suffix of a document id asking for the CDA rendering even when the package holds its PDF. */
export const CDA_VIEW_SUFFIX = '#cda';

/**
 * One document as a data URL: its PDF when present, else a readable HTML rendering of the CDA.
 * `<id>#cda` asks for the CDA rendering itself (structured data), even when a PDF rendering exists.
 */
export async function xdmDocument(zip: Buffer, documentId: string): Promise<{ dataUrl: string; mime: string }> {
  const cdaOnly = documentId.endsWith(CDA_VIEW_SUFFIX);
  const id = cdaOnly ? documentId.slice(0, -CDA_VIEW_SUFFIX.length) : documentId;
  const pkg = await openXdmPackage(zip);
  const doc = pkg.metadata.documents.find((d) => d.uniqueId === id || d.entryId === id);
  if (!doc) throw new XdmError('xdm.document-not-found');
  if (!cdaOnly) {
    const pdf = pdfFor(pkg, doc);
    if (pdf) return toDataUrl(pdf.data, 'application/pdf');
  }
  const file = documentFile(pkg, doc);
  if (!file) throw new XdmError('xdm.document-not-found');
  if (doc.mimeType === 'text/xml' || doc.mimeType === 'application/xml' || /\.xml$/i.test(file.name)) {
    return toDataUrl(Buffer.from(renderCdaHtml(file.data), 'utf8'), 'text/html');
  }
  // A PDF entry has no structured data of its own.
  if (!cdaOnly && doc.mimeType === 'text/plain') {
    return toDataUrl(Buffer.from(file.data.toString('utf8'), 'utf8'), 'text/plain');
  }
  throw new XdmError('xdm.document-not-found');
}

function toDataUrl(data: Buffer, mime: string): { dataUrl: string; mime: string } {
  if (data.length > MAX_DOCUMENT_BYTES) throw new XdmError('xdm.too-large');
  const type = mime.startsWith('text/') ? `${mime};charset=utf-8` : mime;
  return { dataUrl: `data:${type};base64,${data.toString('base64')}`, mime };
}

/**
 * Headers an MSSanté sender adds when attaching an IHE_XDM.zip: X-MSS-CODECDA (the documents' CDA type
 * codes, comma separated, from METADATA.XML typeCode or the CDA's own code) and X-MSS-INS (O when the
 * patient has a qualified INS, else N).
 */
export async function xdmHeaders(zip: Buffer): Promise<{ codeCda: string; ins: 'O' | 'N' }> {
  const pkg = await openXdmPackage(zip);
  const codes: string[] = [];
  let qualified = pkg.metadata.patient.insQualified;
  for (const d of pkg.metadata.documents) {
    let code = d.typeCode?.code ?? null;
    const file = d.mimeType.includes('xml') ? documentFile(pkg, d) : null;
    if (!code && file) code = cdaTypeCode(file.data);
    if (file && !qualified) {
      const pid = cdaPatientId(file.data);
      if (pid?.oid && (Object.values(INS_OIDS) as string[]).includes(pid.oid)) qualified = true;
    }
    if (code && d.mimeType !== 'application/pdf' && !codes.includes(code)) codes.push(code);
  }
  return { codeCda: codes.join(','), ins: qualified ? 'O' : 'N' };
}

/** Whether an attachment looks like an XDM package (by name; content is checked when opened). */
export function isXdmAttachmentName(filename: string | null | undefined): boolean {
  return !!filename && /^IHE_XDM\.zip$/i.test(filename.trim());
}
