// Data shapes shared by main and renderer (types only, no runtime code that needs Node or the DOM).

export type Language = 'fr' | 'en';
export type BalType = 'PER' | 'ORG' | 'APP' | 'CAB';
export type BalRole = 'titulaire' | 'cotitulaire' | 'délégataire';

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'browser';
  platform: string;
  sandboxMode: boolean;
}

export interface Settings {
  language: Language;
  theme: 'system' | 'light' | 'dark';
  density: 'comfortable' | 'compact';
}

export interface SessionInfo {
  idNat: string;
  givenName: string;
  familyName: string;
  profession: string;
  method: 'CARD' | 'MOBILE' | 'BROWSER' | 'CERTIFICATE';
  locked: boolean;
  since: number;
}

export interface ConnectivityState {
  online: boolean;
  /** Epoch ms since when the current state holds. */
  since: number;
  reason?: string;
}

export interface BalSummary {
  address: string;
  type: BalType;
  label: string;
  role: BalRole;
  unread: number;
  active: boolean;
  /** Right confirmed by the operator at the last online login (epoch ms), null if never. */
  confirmedAt: number | null;
}
