const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NUMBER = new Intl.NumberFormat('en-GB');

/** A count with thousands separators: 1,234. */
export const count = (value: number): string => NUMBER.format(value);

/** "2026-01" as people read it: "Jan 2026". */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1]} ${year}`;
}

/** Roughly how wide a line of 12 px Arial is, for sizing margins before ECharts lays out. */
export const textWidth = (text: string, fontSize = 12): number => Math.ceil(text.length * fontSize * 0.6);
