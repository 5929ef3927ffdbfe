// The ANS reference data (IGC-Santé certificates, official trust list) the tests read: ../shared/data
// beside the repository in CI, MSS_SHARED_DATA elsewhere (e.g. a worktree). A missing folder fails the
// test with a message naming where it looked; it never skips.
import path from 'node:path';
import { requireSharedDataDir } from '../main/autoconfig/data-dir';

export function sharedData(...parts: string[]): string {
  return path.join(requireSharedDataDir(), ...parts);
}

export const TRUST_LIST_FULL = 'listeblanchemssante-2025-03-13-full.xml';
export const TRUST_LIST_SHORT = 'listeblanchemssante-2025-05-21.xml';
export const TRUST_LIST_SHORT_CHECKSUM = 'checksum-2025-05-21.txt';
