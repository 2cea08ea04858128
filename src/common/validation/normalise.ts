import { Transform } from 'class-transformer';

/** Trims a string input; other values pass through for the validators to reject. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and upper-cases a code such as an ODS code; an empty string becomes null (cleared). */
export const NormaliseCode = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() || null : value));

/** Trims and lower-cases an email address. */
export const NormaliseEmail = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Trims optional text; an empty string becomes null (cleared). */
export const TrimToNull = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value));

/** Trims and lower-cases an optional email address; an empty string becomes null (cleared). */
export const NormaliseOptionalEmail = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() || null : value));

/** Trims text of several lines, each line too, with \n between lines as a browser's \r\n; empty becomes null (cleared). */
export const NormaliseLines = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(/\r\n?|\n/)
          .map((line) => line.trim())
          .join('\n')
          .trim() || null
      : value,
  );
