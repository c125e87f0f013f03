import { html, nothing, svg, type TemplateResult } from 'lit';

/**
 * The overview's charts, hand-written SVG (no chart library: the three charts are bars, which
 * a few lines of SVG draw in about 1 KB, where uPlot or Chart.js would add 20–70 KB and draw on
 * a canvas that screen readers cannot read). Every chart is an image with a name, and carries
 * its data as a table in a <details> below it. Colours come from classes (the page's CSP
 * allows no inline style); lengths are SVG attributes.
 */

export interface Series {
  key: string;
  label: string;
  /** A class: s0, s1, s2 (accent, ok, danger). */
  tone: 's0' | 's1' | 's2';
}

const W = 640;
const H = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 48 };

/** A round top for the axis: 1, 2, 5 × 10^n. */
function niceMax(n: number) {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= n)!;
}

/** Grouped bars: one group per row (labels), one bar per series; and the data table. */
export function groupedBars(opts: {
  title: string;
  rows: { label: string; values: Record<string, number> }[];
  series: Series[];
  format: (n: number) => string;
  tableLabel: string;
  first: string;
}): TemplateResult {
  const { rows, series, format } = opts;
  const max = niceMax(Math.max(0, ...rows.flatMap((r) => series.map((s) => r.values[s.key] ?? 0))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const group = plotW / Math.max(rows.length, 1);
  const bar = Math.max(2, Math.min(18, (group * 0.8) / series.length));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  // Every label when they fit, else every n-th.
  const every = Math.ceil(rows.length / 12);
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${opts.title} preserveAspectRatio="xMidYMid meet">
      ${[0, 0.5, 1].map(
        (f) => svg`<line class="grid-line" x1=${PAD.left} x2=${W - PAD.right} y1=${y(max * f)} y2=${y(max * f)} />
          <text class="axis" x=${PAD.left - 6} y=${y(max * f) + 4} text-anchor="end">${format(max * f)}</text>`,
      )}
      ${rows.map((r, i) => {
        const x0 = PAD.left + i * group + (group - bar * series.length) / 2;
        return svg`${series.map((s, j) => {
          const v = r.values[s.key] ?? 0;
          return svg`<rect class=${s.tone} x=${x0 + j * bar} y=${y(v)} width=${Math.max(bar - 1, 1)} height=${Math.max(PAD.top + plotH - y(v), 0)}><title>${r.label} · ${s.label}: ${format(v)}</title></rect>`;
        })}${i % every === 0 ? svg`<text class="axis" x=${PAD.left + i * group + group / 2} y=${H - 8} text-anchor="middle">${r.label}</text>` : nothing}`;
      })}
    </svg>
    <figcaption class="legend" aria-hidden="true">
      ${series.map((s) => html`<span><i class=${`key ${s.tone}`}></i>${s.label}</span>`)}
    </figcaption>
    ${dataTable(opts.tableLabel, opts.first, series, rows, format)}
  </figure>`;
}

/**
 * Horizontal bars: one per row (tiers, stages), label and count in HTML (so they keep the
 * page's type size at any width), the bar an SVG rect sized in percent; and the data table.
 */
export function barList(opts: {
  title: string;
  rows: { label: string; value: number }[];
  format: (n: number) => string;
  tableLabel: string;
  first: string;
  valueLabel: string;
}): TemplateResult {
  const max = Math.max(1, ...opts.rows.map((r) => r.value));
  return html`<figure class="chart">
    <div class="bar-list" role="img" aria-label=${opts.title}>
      ${opts.rows.map(
        (r) => html`<span class="label" aria-hidden="true">${r.label}</span>
          <svg class="bar" aria-hidden="true" preserveAspectRatio="none"><rect class="track" width="100%" height="100%" rx="3" />${
            r.value > 0
              ? svg`<rect class="s0" width=${`${Math.max((r.value / max) * 100, 1)}%`} height="100%" rx="3" />`
              : nothing
          }</svg>
          <span class="value" aria-hidden="true">${opts.format(r.value)}</span>`,
      )}
    </div>
    ${dataTable(
      opts.tableLabel,
      opts.first,
      [{ key: 'value', label: opts.valueLabel, tone: 's0' }],
      opts.rows.map((r) => ({ label: r.label, values: { value: r.value } })),
      opts.format,
    )}
  </figure>`;
}

function dataTable(
  summary: string,
  first: string,
  series: Series[],
  rows: { label: string; values: Record<string, number> }[],
  format: (n: number) => string,
) {
  return html`<details class="data">
    <summary>${summary}</summary>
    <div class="table-wrap">
      <table>
        <thead><tr><th scope="col">${first}</th>${series.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}</tr></thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr><th scope="row">${r.label}</th>${series.map((s) => html`<td class="num">${format(r.values[s.key] ?? 0)}</td>`)}</tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`;
}
