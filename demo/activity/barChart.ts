/** One bar group of the chart: a label and its values in the order of the series. */
export interface BarGroup {
  readonly label: string;
  readonly values: readonly number[];
}

const SVG = 'http://www.w3.org/2000/svg';
const ROW_H = 22;
const LABEL_W = 110;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A horizontal stacked bar chart as inline SVG: one row per group, one segment per series
 * (class = the series' name, coloured by CSS), scaled to `max`.
 */
export function barChart(
  groups: readonly BarGroup[],
  series: readonly string[],
  options: { max: number; width?: number; format: (value: number) => string; title: string },
): SVGSVGElement {
  const width = options.width ?? 460;
  const barW = width - LABEL_W - 60;
  const chart = svg('svg', {
    class: 'chart',
    width,
    height: (groups.length + 1) * ROW_H + 8,
    role: 'img',
    'aria-label': options.title,
  });
  chart.append(svg('title', {}, options.title));
  groups.forEach((group, row) => {
    const y = row * ROW_H + 4;
    chart.append(svg('text', { x: 0, y: y + 14 }, group.label));
    let x = LABEL_W;
    group.values.forEach((value, i) => {
      const w = options.max > 0 ? (value / options.max) * barW : 0;
      if (w > 0) chart.append(svg('rect', { class: series[i] ?? '', x, y, width: w, height: ROW_H - 6, rx: 2 }));
      x += w;
    });
    chart.append(svg('text', { x: x + 6, y: y + 14 }, group.values.map(options.format).join(' / ')));
  });
  const legendY = groups.length * ROW_H + 8;
  series.forEach((name, i) => {
    chart.append(svg('rect', { class: name, x: LABEL_W + i * 110, y: legendY, width: 10, height: 10 }));
    chart.append(svg('text', { x: LABEL_W + i * 110 + 14, y: legendY + 9 }, name));
  });
  return chart;
}
