// "Imprimer" from the list's context menu: the reader prints the message once it has shown it.
let pending: number | null = null;

export function requestPrint(messageId: number): void {
  pending = messageId;
}

/** True once for the message asked for (the request is consumed). */
export function takePrintRequest(messageId: number): boolean {
  if (pending !== messageId) return false;
  pending = null;
  return true;
}
