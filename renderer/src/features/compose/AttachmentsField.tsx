// Attachments of the composer: list with sizes, removal, the total against the limit that applies,
// and the IHE XDM note (its CDA codes and INS go into X-MSS-CODECDA / X-MSS-INS when sent).
import { useTranslation } from 'react-i18next';
import { formatSize } from '../mail/format';
import { FileIcon } from '../mail/icons';
import type { LocalAttachment } from './model';
import { isXdmPackageName } from './size';

interface Props {
  attachments: LocalAttachment[];
  onRemove: (id: string) => void;
  forwardAsAttachment: boolean;
  reading: number;
}

export function AttachmentsField({ attachments, onRemove, forwardAsAttachment, reading }: Props) {
  const { t, i18n } = useTranslation();
  const hasXdm = attachments.some((a) => isXdmPackageName(a.filename));
  if (attachments.length === 0 && !forwardAsAttachment && reading === 0) return null;
  return (
    <section className="compose-atts" aria-label={t('compose.att.title', { count: attachments.length })} data-testid="compose-attachments">
      <ul className="compose-atts__list">
        {forwardAsAttachment && (
          <li className="compose-att compose-att--forward">
            <FileIcon />
            <span className="compose-att__name">{t('compose.att.forwarded')}</span>
          </li>
        )}
        {attachments.map((a) => (
          <li key={a.id} className={`compose-att ${isXdmPackageName(a.filename) ? 'compose-att--xdm' : ''}`} data-testid="compose-attachment">
            <FileIcon />
            <span className="compose-att__name" title={a.filename}>
              {a.filename}
            </span>
            <span className="compose-att__size">{formatSize(a.size, i18n.language)}</span>
            <button type="button" className="chip-r__remove" onClick={() => onRemove(a.id)} aria-label={t('compose.att.remove', { name: a.filename })}>
              ×
            </button>
          </li>
        ))}
        {reading > 0 && <li className="compose-att compose-att--reading">{t('compose.att.reading', { count: reading })}</li>}
      </ul>
      {hasXdm && (
        <p className="compose-note compose-note--xdm" data-testid="compose-xdm-note">
          {t('compose.att.xdmNote')}
        </p>
      )}
    </section>
  );
}
