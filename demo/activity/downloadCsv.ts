/**
 * Downloads `/v1/logs.csv` for the given filter. A plain link cannot carry the bearer token,
 * so the file is fetched with the header and handed to the browser as a Blob.
 */
export async function downloadCsv(params: URLSearchParams, token: string): Promise<void> {
  const response = await fetch(`/v1/logs.csv?${params}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`CSV export: HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), {
    href: url,
    download: `activity-${new Date().toISOString().slice(0, 10)}.csv`,
  });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
