/** Reordering the rota of a new request: the partners in the order they are to be asked. */

/** The rota with the entry at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveRotaEntry(rota: readonly string[], index: number, by: -1 | 1): string[] {
  const target = index + by;
  if (index < 0 || index >= rota.length || target < 0 || target >= rota.length) return [...rota];
  const next = [...rota];
  const [entry] = next.splice(index, 1);
  next.splice(target, 0, entry as string);
  return next;
}
