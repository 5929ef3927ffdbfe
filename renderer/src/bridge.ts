// The renderer's only way to the main process: `window.mss`, typed from the shared contract.
import type { MssApi } from '../../shared/contract';

declare global {
  interface Window {
    readonly mss: MssApi;
  }
}

export const mss: MssApi = window.mss;
