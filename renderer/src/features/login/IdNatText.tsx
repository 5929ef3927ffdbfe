// An IdNat as the person knows it: the raw value, never reformatted or cut (structure forms carry "/" and
// letters, e.g. 500000001815646/CPAT00045), with the structure spelled out for structure forms
// ("SIRET 00000001815646 · CPAT00045") and the kind in the tooltip for every form.
import { formatIdNat, parseIdNat } from '../../../../shared/idnat';

export function IdNatText({ idNat }: { idNat: string }) {
  const parsed = parseIdNat(idNat);
  return (
    <span className="idnat" title={parsed ? formatIdNat(idNat) : undefined} data-testid="idnat" data-idnat-kind={parsed?.kind}>
      {idNat}
      {parsed?.localId ? ` (${formatIdNat(idNat)})` : ''}
    </span>
  );
}
