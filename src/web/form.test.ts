import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  isoDate,
  isRealDate,
  money,
  optionalText,
  parseForm,
  requiredText,
  searchText,
} from './form.js';
import { formatDate, formatMoney } from './format.js';

const one = <S extends z.ZodType>(schema: S, value: string) =>
  parseForm(z.object({ v: schema }), { v: value });

describe('form fields', () => {
  it('keeps names byte for byte apart from surrounding spaces', () => {
    for (const name of ["O'Testname", 'O’Testname', 'Zoë', 'Nuñez-Teståd', 'de la Cruz y Peña']) {
      expect(one(requiredText('last name'), `  ${name} `)).toEqual({ ok: true, data: { v: name } });
    }
  });

  it('refuses control characters and broken UTF-16, naming the field', () => {
    expect(one(requiredText('last name'), 'a\u0000b')).toEqual({
      ok: false,
      errors: { v: 'Remove line breaks and control characters from the last name' },
    });
    expect(one(requiredText('last name'), 'a\ud800')).toMatchObject({ ok: false });
    expect(one(optionalText('department'), '')).toEqual({ ok: true, data: { v: null } });
  });

  it('keeps dates as the text typed, refusing days the calendar lacks', () => {
    expect(one(isoDate('start date'), '2027-01-05')).toEqual({
      ok: true,
      data: { v: '2027-01-05' },
    });
    expect(one(isoDate('start date'), '2028-02-29')).toMatchObject({ ok: true });
    for (const bad of ['2027-02-29', '2027-13-01', '2027-00-10', '27-01-05', '2027-1-5', '']) {
      expect(one(isoDate('start date'), bad), bad).toMatchObject({ ok: false });
    }
    expect(isRealDate('1899-12-31')).toBe(false);
  });

  it('turns pay into two-place decimal text without floating point', () => {
    const cases: [string, string][] = [
      ['85000', '85000.00'],
      ['85,000', '85000.00'],
      ['$1,234,567.5', '1234567.50'],
      ['0.10', '0.10'],
      ['007', '7.00'],
      ['123456789.99', '123456789.99'],
    ];
    for (const [input, output] of cases) {
      expect(one(money('pay'), input), input).toEqual({ ok: true, data: { v: output } });
    }
    for (const bad of ['0', '0.00', '-5', '1e3', '12.345', 'NaN', '1,00', '1234567890']) {
      expect(one(money('pay'), bad), bad).toMatchObject({ ok: false });
    }
  });

  it('says an amount is too large, with the maximum, instead of asking for a number again', () => {
    // A pay of forty nines was answered "Enter the pay as a number greater than 0", which it was.
    expect(one(money('pay offered'), '9'.repeat(40))).toEqual({
      ok: false,
      errors: { v: 'The pay offered is too large: enter at most 999,999,999.99' },
    });
    expect(one(money('pay offered'), '1234567890')).toMatchObject({
      errors: { v: expect.stringContaining('too large') },
    });
    expect(one(money('pay offered'), '12.345')).toEqual({
      ok: false,
      errors: { v: 'Enter the pay offered in dollars and cents, like 42.50' },
    });
    expect(one(money('pay offered'), 'abc')).toMatchObject({
      errors: { v: expect.stringContaining('greater than 0') },
    });
  });

  it('says a text is too long rather than missing', () => {
    for (const schema of [requiredText('job title'), optionalText('department')]) {
      const result = one(schema, 'x'.repeat(5000));
      expect(result).toMatchObject({ errors: { v: expect.stringMatching(/^Shorten the /) } });
    }
  });

  it('cleans search text', () => {
    expect(searchText('a\u0000b\ud800c')).toBe('abc');
    expect(searchText('x'.repeat(500))).toHaveLength(200);
    expect(searchText(`${'a'.repeat(199)}😀b`)).toBe(`${'a'.repeat(199)}😀`);
  });
});

describe('formatting', () => {
  it('shows a date from its text, so no time zone moves it', () => {
    expect(formatDate('2027-01-05')).toBe('5 January 2027');
    expect(formatDate('2027-12-31')).toBe('31 December 2027');
    expect(formatDate('garbage')).toBe('garbage');
  });

  it('groups thousands', () => {
    expect(formatMoney('1234567.50')).toBe('1,234,567.50');
    expect(formatMoney('85.00')).toBe('85.00');
  });
});
