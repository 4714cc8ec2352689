/**
 * The report as a print-friendly HTML page (issue 16, ADR 0024). Pure: the
 * document (document.ts) in, one self-contained page out. One column, a page
 * break before each section when printed, charts as inline SVG each followed by
 * its data table, light colours whatever the reader's theme (it is paper).
 * No script: the page prints from the browser (the report page in the app
 * offers a print button that prints this page).
 */
import type { Chart, Shape } from './charts';
import type { Block, ReportDoc } from './document';

/** Escapes text for HTML content and attribute values. */
export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A date (or a date range) stays on one line. */
const DATE = /^\d{4}-\d{2}-\d{2}( – \d{4}-\d{2}-\d{2})?( \(overdue\))?$/;
const cell = (v: string | number | null) => (v == null ? '–' : typeof v === 'number' ? String(v) : v);

function shapeSvg(s: Shape): string {
  switch (s.kind) {
    case 'rect':
      return `<rect x="${s.x}" y="${s.y}" width="${Math.max(0, s.w)}" height="${s.h}" fill="${s.fill}"/>`;
    case 'line':
      return `<line x1="${s.x1}" y1="${s.y1}" x2="${s.x2}" y2="${s.y2}" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>`;
    case 'polyline':
      return `<polyline points="${s.points.map((p) => p.join(',')).join(' ')}" fill="none" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ' stroke-dasharray="5 3"' : ''}/>`;
    case 'polygon':
      return `<polygon points="${s.points.map((p) => p.join(',')).join(' ')}" fill="${s.fill}" fill-opacity="${s.opacity}"/>`;
    case 'text':
      return `<text x="${s.x}" y="${s.y}" font-size="${s.size}" text-anchor="${s.anchor}" fill="${s.fill}">${esc(s.text)}</text>`;
  }
}

/** A chart as inline SVG (scales with the column, prints sharply), its legend, and its data table. */
export function chartHtml(c: Chart): string {
  const legend = c.legend
    .map((l) => `<li><svg width="18" height="10" aria-hidden="true"><line x1="0" y1="5" x2="18" y2="5" stroke="${l.color}" stroke-width="4"${l.dash ? ' stroke-dasharray="4 2"' : ''}/></svg>${esc(l.label)}</li>`)
    .join('');
  return `<figure class="chart" id="${esc(c.id)}">
<figcaption>${esc(c.title)}</figcaption>
<div class="svg-wrap" tabindex="0" role="region" aria-label="${esc(c.title)} (chart)"><svg viewBox="0 0 ${c.width} ${c.height}" role="img" aria-labelledby="${esc(c.id)}-t ${esc(c.id)}-d" preserveAspectRatio="xMinYMin meet"><title id="${esc(c.id)}-t">${esc(c.title)}</title><desc id="${esc(c.id)}-d">${esc(c.description)}</desc>${c.shapes.map(shapeSvg).join('')}</svg></div>
<ul class="legend">${legend}</ul>
${tableHtml(`${c.title}: the data`, c.table.columns, c.table.rows)}
</figure>`;
}

function tableHtml(caption: string, columns: string[], rows: (string | number | null)[][]): string {
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="${esc(caption)}"><table><caption>${esc(caption)}</caption><thead><tr>${columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${esc(cell(v))}</th>` : `<td${DATE.test(cell(v)) ? ' class="nw"' : ''}>${esc(cell(v))}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p${b.muted ? ' class="muted"' : ''}>${esc(b.text)}</p>`;
    case 'h3':
      return `<h3>${esc(b.text)}</h3>`;
    case 'facts':
      return `<dl class="facts">${b.items.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table':
      return tableHtml(b.caption, b.columns, b.rows);
    case 'chart':
      return chartHtml(b.chart);
  }
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem 4rem}
header.title{border-bottom:2px solid #1f2328;padding-bottom:1rem;margin-bottom:1.5rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 .25rem}
h2{font-size:1.35rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:1px solid #d0d7de}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
.subtitle{color:#57606a;margin:0 0 1rem}
.notice{border-left:4px solid #8a4b00;background:#fff8f0;padding:.5rem .75rem;margin:1rem 0}
.notice.client{border-color:#0b5cad;background:#f0f6fd}
.muted{color:#57606a}
dl.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.5rem 1.5rem;margin:.75rem 0}
dl.facts div{min-width:0}
dl.facts div.wide{grid-column:1/-1}
dt{font-size:.8rem;color:#57606a;text-transform:uppercase;letter-spacing:.03em}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.meta dd{font-weight:400}
div.table-wrap{overflow-x:auto;margin:.75rem 0 1.25rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}
caption{text-align:left;font-weight:600;padding:.25rem 0;caption-side:top}
th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #57606a;white-space:nowrap}
tbody th{font-weight:500}
td.nw{white-space:nowrap}
figure.chart{margin:1rem 0 1.5rem}
figcaption{font-weight:600;margin-bottom:.25rem}
div.svg-wrap{overflow-x:auto}
div.table-wrap:focus-visible,div.svg-wrap:focus-visible{outline:2px solid #0b5cad;outline-offset:2px}
figure.chart svg[role=img]{width:100%;min-width:30rem;height:auto;display:block;font-family:inherit}
ul.legend{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.8rem;color:#57606a}
ul.legend svg{margin-right:.35rem;vertical-align:middle}
footer{margin-top:3rem;color:#57606a;font-size:.8rem;border-top:1px solid #d0d7de;padding-top:.75rem}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8rem;overflow-wrap:anywhere}
@media print{
  @page{size:A4;margin:16mm 14mm}
  body{font-size:11pt}
  main{max-width:none;padding:0}
  section.report-section{break-before:page}
  h2{border-top:none;margin-top:0}
  div.table-wrap,div.svg-wrap{overflow:visible}
  figure.chart svg[role=img]{min-width:0}
  tr,figure.chart,dl.facts{break-inside:avoid}
  thead{display:table-header-group}
}
`;

/** The whole page. */
export function reportHtml(doc: ReportDoc): string {
  const meta = doc.meta
    .map(([k, v]) => (k === 'Audit chain head' ? `<div class="wide"><dt>${esc(k)}</dt><dd><code>${esc(v)}</code></dd></div>` : `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`))
    .join('');
  const nav = doc.sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join('');
  const sections = doc.sections
    .map((s) => `<section class="report-section" id="${esc(s.id)}" aria-labelledby="${esc(s.id)}-h"><h2 id="${esc(s.id)}-h">${esc(s.title)}</h2>${s.blocks.map(blockHtml).join('\n')}</section>`)
    .join('\n');
  const internal = doc.notice.includes('internal content');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="title">
<h1>${esc(doc.title)}</h1>
<p class="subtitle">${esc(doc.subtitle)}</p>
<dl class="facts meta">${meta}</dl>
<p class="notice${internal ? '' : ' client'}">${esc(doc.notice)}</p>
<nav aria-label="Sections"><ol>${nav}</ol></nav>
</header>
${sections}
<footer>Check the audit chain head above with <code>candor audit verify</code> (or the engagement’s Activity page): the record it names is this report’s own “report generated” record.</footer>
</main>
</body>
</html>`;
}
