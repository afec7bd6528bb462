// A tiny reader for the Markdown found in OpenAPI descriptions: paragraphs, `code` and
// **strong**. Everything else stays literal text; nothing is ever turned into HTML.

export interface Span {
  kind: 'text' | 'code' | 'strong';
  text: string;
}

export function spans(line: string): Span[] {
  const out: Span[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (m.index > last) out.push({ kind: 'text', text: line.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else out.push({ kind: 'strong', text: m[2] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ kind: 'text', text: line.slice(last) });
  return out;
}

export function paragraphs(text: string): Span[][] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .map(spans);
}
