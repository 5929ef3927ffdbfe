import type { ReactNode } from 'react';

export function EmptyState(props: { icon: ReactNode; title: string; body: string; action?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={props.testId}>
      <div className="empty-state__icon" aria-hidden="true">
        {props.icon}
      </div>
      <h2 className="empty-state__title">{props.title}</h2>
      <p className="empty-state__body">{props.body}</p>
      {props.action}
    </div>
  );
}
