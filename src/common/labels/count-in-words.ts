/** A count with its noun, singular for one: "1 agreement", "2 agreements", "3 parties". */
export function countInWords(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
