// Client-side checks give immediate feedback; main validates again (zod) and decides.
import { isValidAddress as isAddress } from '../../../../shared/addresses';

export function isValidAddress(value: string): boolean {
  return isAddress(value.trim());
}

export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value.trim()).protocol === 'https:';
  } catch {
    return false;
  }
}
