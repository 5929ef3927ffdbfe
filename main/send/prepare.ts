// Reply / reply-all / forward drafts from a cached message: recipients, subject prefix, quoted body
// ("Le <date>, <nom> a écrit :"), forwarded header block, and the reply/forward context ids.
import type { ComposeDraft } from '../../shared/types';
import type { Address, Body, MessageDetail } from '../store/types';
import { textToHtml } from '../../shared/html-text';
import { escapeHtml, sanitizeOutgoingHtml as sanitizeHtml } from '../../shared/outgoing-html';

export type PrepareMode = 'reply' | 'reply-all' | 'forward' | 'forward-attachment';

const XDM_PREFIX = /^\s*XDM\/1\.0\/DDM\+\s*/i;

export function formatFrenchDate(ms: number): string {
  const d = new Date(ms);
  const day = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' }).format(d);
  return `${day} à ${time}`;
}

export function prefixedSubject(subject: string | null, prefix: 'RE' | 'TR'): string {
  const s = (subject ?? '').replace(XDM_PREFIX, '').trim();
  const already = prefix === 'RE' ? /^(re|ré|aw)\s*:/i : /^(tr|fwd?|wg)\s*:/i;
  return already.test(s) ? s : `${prefix} : ${s}`.trim();
}

const who = (a: Address | null) => (a ? (a.name ? `${a.name}` : a.address) : 'un correspondant');
const full = (a: Address) => (a.name ? `${a.name} <${a.address}>` : a.address);

function quoteText(text: string): string {
  return text.split(/\r?\n/).map((l) => (l.startsWith('>') ? `>${l}` : `> ${l}`)).join('\n');
}

export function prepareDraft(message: MessageDetail, body: Body | null, bal: string, mode: PrepareMode): ComposeDraft {
  const self = bal.toLowerCase();
  const notSelf = (a: { address: string }) => a.address.toLowerCase() !== self;
  const originalText = body?.text ?? '';
  const originalHtml = body?.html ? sanitizeHtml(body.html) : textToHtml(originalText);
  const base: ComposeDraft = {
    bal,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    html: '',
    text: '',
    attachments: [],
    // Delivery receipt asked by default, as for a new message (the composer's default): one rule for both.
    requestDsn: true,
    requestReadReceipt: false,
    patientNoReply: false,
  };
  if (mode === 'reply' || mode === 'reply-all') {
    const from = message.from;
    const to = from && notSelf(from) ? [full(from)] : message.to.filter(notSelf).map(full).slice(0, 1);
    const seen = new Set(to.map((t) => t.toLowerCase()));
    const keep = (a: Address) => {
      const k = full(a).toLowerCase();
      if (!notSelf(a) || seen.has(k) || (from && a.address.toLowerCase() === from.address.toLowerCase())) return false;
      seen.add(k);
      return true;
    };
    const intro = `Le ${formatFrenchDate(message.date)}, ${who(from)} a écrit :`;
    return {
      ...base,
      to: mode === 'reply-all' ? [...to, ...message.to.filter(keep).map(full)] : to,
      cc: mode === 'reply-all' ? message.cc.filter(keep).map(full) : [],
      subject: prefixedSubject(message.subject, 'RE'),
      text: `\n\n${intro}\n${quoteText(originalText)}`,
      html: `<p><br></p><p>${escapeHtml(intro)}</p><blockquote type="cite">${originalHtml}</blockquote>`,
      inReplyToMessageId: message.id,
    };
  }
  const headerLines: Array<[string, string]> = [
    ['De', message.from ? full(message.from) : ''],
    ['Date', formatFrenchDate(message.date)],
    ['Objet', (message.subject ?? '').replace(XDM_PREFIX, '')],
    ['À', message.to.map(full).join(', ')],
    ...(message.cc.length ? ([['Cc', message.cc.map(full).join(', ')]] as Array<[string, string]>) : []),
  ];
  const subject = prefixedSubject(message.subject, 'TR');
  if (mode === 'forward-attachment') {
    return { ...base, subject, forwardOfMessageId: message.id, forwardAsAttachment: true };
  }
  const sep = '-------- Message transféré --------';
  return {
    ...base,
    subject,
    text: `\n\n${sep}\n${headerLines.map(([k, v]) => `${k} : ${v}`).join('\n')}\n\n${originalText}`,
    html: `<p><br></p><p>${escapeHtml(sep)}<br>${headerLines.map(([k, v]) => `<b>${escapeHtml(k)} :</b> ${escapeHtml(v)}`).join('<br>')}</p>${originalHtml}`,
    forwardOfMessageId: message.id,
    forwardAsAttachment: false,
  };
}
