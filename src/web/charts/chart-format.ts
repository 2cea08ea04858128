const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NUMBER = new Intl.NumberFormat('en-GB');

/** A count with thousands separators: 1,234. */
export const count = (value: number): string => NUMBER.format(value);

/** "2026-01" as people read it: "Jan 2026". */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1]} ${year}`;
}

/**
 * An upper bound on how wide a line of text is, for margins: capitals and m/w at 0.75 em, the rest
 * at 0.62 em, wide enough for Arial and for the wider fonts (DejaVu Sans) a browser may fall back to.
 */
export const textWidth = (text: string, fontSize = 12): number => Math.ceil([...text].reduce((sum, c) => sum + (/[A-Z@MWmw]/.test(c) ? 0.75 : 0.62), 0) * fontSize);

/** Every month from `from` to `to` ("YYYY-MM"), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number);
  for (let key = from; key <= to; key = `${year}-${String(month).padStart(2, '0')}`) {
    months.push(key);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}
