// MSSanté headers of an outgoing message: X-MSS-NIL on every message; X-MSS-CODECDA and X-MSS-INS when an
// IHE_XDM.zip is attached; X-MSS-MES: FIN (no reply) towards patient addresses when asked.
import { isXdmAttachmentName, xdmHeaders } from '../xdm';
import { isPatientAddress } from './addresses';

/** Product reference registered with ANS (configurable in the compose settings). */
export const DEFAULT_NIL = 'MessagerieMSSante/0.1';

export interface MssHeaderInput {
  nil: string;
  attachments: ReadonlyArray<{ filename: string; content: Buffer }>;
  recipients: readonly string[];
  patientNoReply: boolean;
}

export async function computeMssHeaders(input: MssHeaderInput): Promise<Record<string, string>> {
  const headers: Record<string, string> = { 'X-MSS-NIL': oneLine(input.nil) || DEFAULT_NIL };
  const codes: string[] = [];
  let ins: 'O' | 'N' | null = null;
  for (const a of input.attachments) {
    if (!isXdmAttachmentName(a.filename)) continue;
    const h = await xdmHeaders(a.content);
    for (const c of h.codeCda.split(',').filter(Boolean)) if (!codes.includes(c)) codes.push(c);
    ins = ins === 'O' || h.ins === 'O' ? 'O' : 'N';
  }
  if (codes.length > 0) headers['X-MSS-CODECDA'] = codes.join(',');
  if (ins) headers['X-MSS-INS'] = ins;
  if (input.patientNoReply && input.recipients.some(isPatientAddress)) headers['X-MSS-MES'] = 'FIN';
  return headers;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim().slice(0, 200);
}
