import { expect, test } from 'vitest';
import { cliOptions } from '../../src/collector/cliOptions.js';

test.each(['Infinity', '1e400', '0x10', '1e-9', '0', '-1', '36501', '', ' 7', '7 days'])(
  'refuses --retention-days %j',
  (value) => {
    const result = cliOptions.safeParse({ 'retention-days': value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be a number of days from 1 to 36500');
  },
);

test('takes decimal days and ports, with defaults for the rest', () => {
  expect(cliOptions.parse({ 'retention-days': '30', port: '0' })).toMatchObject({ 'retention-days': 30, port: 0 });
  expect(cliOptions.safeParse({ 'retention-days': '1.5' }).data?.['retention-days']).toBe(1.5);
  expect(cliOptions.parse({})).toMatchObject({ port: 4318, host: '127.0.0.1', data: '.data/collector' });
  for (const port of ['0x10', '65536', '1e3', '-1']) expect(cliOptions.safeParse({ port }).success).toBe(false);
});
