// Splits a text into plain and matching segments for the search terms, ignoring case and accents
// (like the store's FTS: "medecin" finds "Médecin").
export interface Segment {
  text: string;
  match: boolean;
}

const fold = (c: string) => c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function searchTerms(query: string): string[] {
  return [...new Set(query.split(/[\s"'()*:^+\-]+/).map((t) => fold(t)).filter((t) => t.length >= 2))];
}

export function highlight(text: string, query: string): Segment[] {
  const terms = searchTerms(query);
  if (!text || terms.length === 0) return [{ text, match: false }];
  // Folded copy with a map from folded index to original index (folding may drop combining marks).
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = fold(text[i]!);
    for (let k = 0; k < f.length; k++) map.push(i);
    folded += f;
  }
  map.push(text.length);
  const marks = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    let from = 0;
    for (let at = folded.indexOf(term, from); at !== -1; at = folded.indexOf(term, from)) {
      const start = map[at]!;
      const end = map[at + term.length] ?? text.length;
      for (let i = start; i < end; i++) marks[i] = true;
      from = at + term.length;
    }
  }
  const out: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = out.at(-1);
    if (last && last.match === marks[i]) last.text += text[i];
    else out.push({ text: text[i]!, match: marks[i]! });
  }
  return out;
}
