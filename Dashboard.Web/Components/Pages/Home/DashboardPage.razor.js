// Brings the first of the given elements that exists into view (a tile, a chart, a sentence of the report).
export function reveal(ids) {
  for (const id of ids) {
    const element = id && document.getElementById(id);
    if (element) {
      element.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
      return;
    }
  }
}
