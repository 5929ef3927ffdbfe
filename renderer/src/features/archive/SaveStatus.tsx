export function SaveStatus({ status }: { status: { kind: 'ok' | 'error'; text: string } | null }) {
  if (!status) return null;
  return status.kind === 'error' ? (
    <p className="mail-inline-error" role="alert" data-testid="archive-status">{status.text}</p>
  ) : (
    <p className="archive-status" role="status" data-testid="archive-status">{status.text}</p>
  );
}
