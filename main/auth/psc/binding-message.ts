// CIBA binding message: two random digits the user sees both in the app (large) and on the phone / card
// prompt, so they approve the request they started and not another one.
import { randomInt } from 'node:crypto';

export function randomBindingMessage(random: (max: number) => number = (max) => randomInt(max)): string {
  return String(random(100)).padStart(2, '0');
}
