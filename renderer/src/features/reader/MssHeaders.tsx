// MSSanté specifics shown plainly: XDM health document badge and the X-MSS-* headers.
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/types';
import { ShieldDocIcon } from '../mail/icons';

export function MssHeaders({ view }: { view: MessageView }) {
  const { t } = useTranslation();
  const h = view.mssHeaders;
  const isHealthDoc = view.isXdm || 'x-mss-codecda' in h || 'x-mss-ins' in h;
  const details: string[] = [];
  if (h['x-mss-codecda']) details.push(t('mail.reader.mssCodes', { codes: h['x-mss-codecda'] }));
  if (h['x-mss-ins']) details.push(h['x-mss-ins'].trim().toUpperCase() === 'O' ? t('mail.reader.mssInsYes') : t('mail.reader.mssInsNo'));
  if (h['x-mss-mes']?.trim().toUpperCase() === 'FIN') details.push(t('mail.reader.mssNoReply'));
  if (!isHealthDoc && details.length === 0) return null;
  return (
    <div className="mss-info" data-testid="mss-info">
      {isHealthDoc && (
        <span className="xdm-badge" data-testid="xdm-badge">
          <ShieldDocIcon />
          {t('mail.reader.xdmBadge')}
        </span>
      )}
      {details.map((d) => (
        <span key={d} className="mss-info__item">
          {d}
        </span>
      ))}
    </div>
  );
}
