/**
 * The aggregate for the latest e-mail by event time (the greatest address among equal times),
 * as a max over zero-padded time and address: unlike array_agg(... ORDER BY), it needs no sort.
 */
export function latestEmail(timeColumn: string, emailColumn: string): string {
  return (
    `substr(max(lpad(${timeColumn}::text, 20, '0') || ${emailColumn}) FILTER (WHERE ${emailColumn} ` +
    `IS NOT NULL), 21)`
  );
}
