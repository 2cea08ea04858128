import { utcIsoString } from './utc-iso-string.js';

describe('utcIsoString', () => {
  it('writes what toISOString writes, at every edge of a day, month, leap year and century', () => {
    const instants = [
      '1000-01-01T00:00:00.000Z', '1582-10-15T12:00:00.000Z', '1899-12-31T23:59:59.999Z', '1900-02-28T23:59:59.999Z', '1900-03-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2100-03-01T00:00:00.001Z',
      '2999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z',
    ].map((text) => new Date(text));
    // Every day from 1890 to 3010 at a moving time of day, and random instants over four millennia.
    for (let ms = Date.UTC(1890, 0, 1); ms < Date.UTC(3010, 0, 1); ms += 86_400_000 + 1_234) instants.push(new Date(ms));
    for (let i = 0; i < 20_000; i += 1) instants.push(new Date(Date.UTC(1000, 0, 1) + Math.floor(Math.random() * (Date.UTC(5000, 0, 1) - Date.UTC(1000, 0, 1)))));
    const differing = instants.filter((date) => utcIsoString(date) !== date.toISOString());
    expect(differing.map((date) => [date.toISOString(), utcIsoString(date)])).toEqual([]);
    expect(instants.length).toBeGreaterThan(400_000);
  });

  it('is toISOString itself outside four-digit years, and for an invalid date', () => {
    for (const date of [new Date('0999-12-31T23:59:59.999Z'), new Date(Date.UTC(10_000, 0, 1)), new Date(-8.64e15)]) expect(utcIsoString(date)).toBe(date.toISOString());
    expect(() => utcIsoString(new Date(Number.NaN))).toThrow(RangeError);
  });
});
