import type { ReactNode } from 'react';
import { navigate } from '../../app/router';

interface Props {
  to: string;
  children: ReactNode;
  className?: string;
  'aria-label'?: string;
}

/** An in-app link: a real `<a href>` (open in place, copy address) that navigates without a reload. */
export const AppLink = ({ to, children, className, 'aria-label': label }: Props) => (
  <a
    href={to}
    className={className}
    aria-label={label}
    onClick={(e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(to);
    }}
  >
    {children}
  </a>
);
