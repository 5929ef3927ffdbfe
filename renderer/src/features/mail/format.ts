// Display helpers for mail rows and headers (pure: unit tested).
import type { MailAddress } from '../../../../shared/types';

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** List date: today → time ("14:32"), yesterday → label, this year → "12 mars", else "12/03/2024". */
export function formatListDate(ts: number, lang: string, now: Date = new Date(), yesterdayLabel = 'Hier'): string {
  const d = new Date(ts);
  const locale = lang === 'en' ? 'en-GB' : 'fr-FR';
  if (sameDay(d, now)) return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  const y = new Date(now);
  y.setDate(now.getDate() - 1);
  if (sameDay(d, y)) return yesterdayLabel;
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return d.toLocaleDateString(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** Reader date: "lundi 12 mars 2026 à 14:32". */
export function formatFullDate(ts: number, lang: string): string {
  const locale = lang === 'en' ? 'en-GB' : 'fr-FR';
  return new Date(ts).toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' });
}

export function formatTime(ts: number, lang: string): string {
  return new Date(ts).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit' });
}

/** "12 Ko", "1,4 Mo" (French units) or "12 KB", "1.4 MB". */
export function formatSize(bytes: number, lang: string): string {
  const fr = lang !== 'en';
  const units = fr ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let v = Math.max(0, bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const n = i === 0 || v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${n.toLocaleString(fr ? 'fr-FR' : 'en-GB')} ${units[i]}`;
}

/** MSSanté PER labels are "Dr_Marie_MARTIN_Cabinet Medical": shown with spaces. */
export function displayName(a: MailAddress | null | undefined): string {
  if (!a) return '';
  const name = a.name?.trim();
  if (name) return name.includes('_') && !name.includes(' _') ? name.replace(/_/g, ' ') : name;
  return a.address;
}

export function formatAddress(a: MailAddress): string {
  const name = a.name?.trim();
  return name ? `${displayName(a)} <${a.address}>` : a.address;
}

/** Window title with the count of new messages: "(3) Messagerie MSSanté". */
export function newMailTitle(base: string, count: number): string {
  return count > 0 ? `(${count > 99 ? '99+' : count}) ${base}` : base;
}
