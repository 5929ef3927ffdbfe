// Icons of the mail panes (inline SVG, decorative: labels are given by the surrounding element).
import type { FolderKind } from './folder-names';

const base = { width: 16, height: 16, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true, focusable: false } as const;

export const PaperclipIcon = () => (
  <svg {...base} width={14} height={14}>
    <path d="m21.4 11.1-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
  </svg>
);
export const StarIcon = ({ filled }: { filled: boolean }) => (
  <svg {...base} width={14} height={14} fill={filled ? 'currentColor' : 'none'}>
    <path d="m12 2 3.1 6.3 6.9 1-5 4.9 1.2 6.8L12 17.8 5.8 21l1.2-6.8-5-4.9 6.9-1z" />
  </svg>
);
export const PrintIcon = () => (
  <svg {...base}>
    <path d="M6 9V2h12v7M6 18H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-2" />
    <rect x="6" y="14" width="12" height="8" />
  </svg>
);
export const TrashIcon = () => (
  <svg {...base}>
    <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />
  </svg>
);
export const EnvelopeOpenIcon = () => (
  <svg {...base}>
    <path d="M2 9.5 12 3l10 6.5V20H2z" />
    <path d="m2 9.5 10 6.5 10-6.5" />
  </svg>
);
export const ImageIcon = () => (
  <svg {...base}>
    <rect x="3" y="3" width="18" height="18" rx="2" />
    <circle cx="9" cy="9" r="2" />
    <path d="m21 15-5-5L5 21" />
  </svg>
);
export const FileIcon = () => (
  <svg {...base} width={20} height={20}>
    <path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z" />
    <path d="M14 2v6h6" />
  </svg>
);
export const ShieldDocIcon = () => (
  <svg {...base} width={14} height={14}>
    <path d="M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z" />
    <path d="M12 8v6M9 11h6" />
  </svg>
);
export const CloudOffIcon = () => (
  <svg {...base}>
    <path d="m2 2 20 20M5.8 5.8A7 7 0 0 0 6.5 19H17M22 15a5 5 0 0 0-6.4-6.7M9.5 5.2A7 7 0 0 1 18 10" />
  </svg>
);
export const DownloadIcon = () => (
  <svg {...base}>
    <path d="M12 3v12M7 10l5 5 5-5M4 19h16" />
  </svg>
);
export const SortIcon = () => (
  <svg {...base}>
    <path d="M7 4v16M3 16l4 4 4-4M17 20V4M13 8l4-4 4 4" />
  </svg>
);

const folderPaths: Record<FolderKind, string> = {
  inbox: 'M22 12h-6l-2 3h-4l-2-3H2M5.5 5.1 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.5-6.9A2 2 0 0 0 16.7 4H7.3a2 2 0 0 0-1.8 1.1z',
  sent: 'M22 2 11 13M22 2l-7 20-4-9-9-4z',
  drafts: 'M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z',
  trash: 'M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6',
  junk: 'M12 2 2 20h20zM12 9v5M12 17h.01',
  archive: 'M3 3h18v5H3zM5 8v13h14V8M10 12h4',
  all: 'M4 4h16v16H4zM4 9h16M9 4v16',
  flagged: 'M4 22V4M4 4h13l-2 4 2 4H4',
  folder: 'M22 19a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h5l2 3h9a2 2 0 0 1 2 2z',
};

export const FolderKindIcon = ({ kind }: { kind: FolderKind }) => (
  <svg {...base}>
    <path d={folderPaths[kind]} />
  </svg>
);
