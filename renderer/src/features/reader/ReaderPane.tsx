import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../app/EmptyState';
import { ReadIcon } from '../../app/icons';

export const ReaderPane = forwardRef<HTMLElement>(function ReaderPane(_props, ref) {
  const { t } = useTranslation();
  return (
    <main className="pane pane--reader" id="content" aria-label={t('reader.title')} tabIndex={-1} ref={ref} data-testid="pane-reader">
      <EmptyState testId="reader-empty" icon={<ReadIcon />} title={t('reader.empty.title')} body={t('reader.empty.body')} />
    </main>
  );
});
