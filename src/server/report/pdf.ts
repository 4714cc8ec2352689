/**
 * The report as a PDF (issue 16, ADR 0024), drawn with PDFKit (pure
 * JavaScript, nothing to install on the machine) from the same document as
 * the HTML page: a title page, one section per page onwards, charts as vector
 * paths from the same shapes as the SVG, page numbers and the period on every
 * page. The text font is DejaVu Sans (from the `dejavu-fonts-ttf` package,
 * embedded and subset) so names and text in any Latin, Greek or Cyrillic
 * script print as written.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Chart, Shape } from '../../domain/report/charts';
import type { Block, ReportDoc } from '../../domain/report/document';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const FONT_MONO = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf');

const INK = '#1f2328';
const MUTED = '#57606a';
const RULE = '#d0d7de';
const MARGIN = 50;

type Doc = InstanceType<typeof PDFDocument>;

const cellText = (v: string | number | null) => (v == null ? '–' : String(v));

/** Renders the document to PDF bytes. */
export function reportPdf(doc: ReportDoc, info: { period: string; generatedAt: Date }): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: doc.title, Subject: `${doc.subtitle}, ${info.period}`, Creator: 'Candor', Producer: 'Candor (PDFKit)', CreationDate: info.generatedAt },
    lang: 'en',
    displayTitle: true,
  });
  pdf.registerFont('body', FONT);
  pdf.registerFont('bold', FONT_BOLD);
  pdf.registerFont('mono', FONT_MONO);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - MARGIN * 2;
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;
  const ensure = (h: number) => {
    if (pdf.y + h > bottom()) pdf.addPage();
  };

  // ── the title page ──
  pdf.font('bold').fontSize(24).fillColor(INK).text(doc.title, { width });
  pdf.moveDown(0.3);
  pdf.font('body').fontSize(13).fillColor(MUTED).text(doc.subtitle, { width });
  pdf.moveDown(1.5);
  for (const [k, v] of doc.meta) {
    pdf.font('body').fontSize(9).fillColor(MUTED).text(k.toUpperCase(), { width, characterSpacing: 0.5 });
    pdf.font(k === 'Audit chain head' ? 'mono' : 'body').fontSize(k === 'Audit chain head' ? 9.5 : 12).fillColor(INK).text(v, { width });
    pdf.moveDown(0.7);
  }
  pdf.moveDown(0.5);
  const noticeTop = pdf.y;
  pdf.font('body').fontSize(11).fillColor(INK).text(doc.notice, MARGIN + 12, noticeTop + 6, { width: width - 16 });
  const noticeBottom = pdf.y + 6;
  pdf.rect(MARGIN, noticeTop, 4, noticeBottom - noticeTop).fill(doc.notice.includes('internal content') ? '#8a4b00' : '#0b5cad');
  pdf.x = MARGIN;
  pdf.y = noticeBottom + 18;
  pdf.font('bold').fontSize(12).fillColor(INK).text('Contents', MARGIN, pdf.y, { width });
  pdf.moveDown(0.3);
  doc.sections.forEach((s, i) => {
    pdf.font('body').fontSize(11).fillColor(INK).text(`${i + 1}. ${s.title}`, { width });
  });
  pdf.moveDown(1);
  pdf
    .font('body')
    .fontSize(9)
    .fillColor(MUTED)
    .text('Check the audit chain head above with `candor audit verify` (or the engagement’s Activity page): the record it names is this report’s own “report generated” record.', { width });

  // ── the sections, each from a new page ──
  doc.sections.forEach((s, i) => {
    pdf.addPage();
    pdf.font('bold').fontSize(17).fillColor(INK).text(`${i + 1}. ${s.title}`, MARGIN, pdf.y, { width });
    pdf.moveDown(0.5);
    for (const b of s.blocks) block(pdf, b, width, ensure);
  });

  // ── page numbers and the period on every page ──
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const keep = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0; // writing in the margin must not open a new page
    const y = pdf.page.height - MARGIN + 12;
    pdf.font('body').fontSize(8).fillColor(MUTED);
    pdf.text(`${doc.title} · ${info.period}`, MARGIN, y, { width: width - 80, lineBreak: false, ellipsis: true });
    pdf.text(`Page ${i + 1} of ${range.count}`, MARGIN, y, { width, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = keep;
  }
  pdf.end();
  return done;
}

function block(pdf: Doc, b: Block, width: number, ensure: (h: number) => void) {
  const x = pdf.page.margins.left;
  switch (b.kind) {
    case 'p':
      pdf.font('body').fontSize(10.5).fillColor(b.muted ? MUTED : INK);
      ensure(pdf.heightOfString(b.text, { width }));
      pdf.text(b.text, x, pdf.y, { width });
      pdf.moveDown(0.5);
      return;
    case 'h3':
      ensure(40);
      pdf.moveDown(0.3);
      pdf.font('bold').fontSize(12).fillColor(INK).text(b.text, x, pdf.y, { width });
      pdf.moveDown(0.3);
      return;
    case 'facts':
      for (const [k, v] of b.items) {
        ensure(30);
        pdf.font('body').fontSize(8.5).fillColor(MUTED).text(k.toUpperCase(), x, pdf.y, { width, characterSpacing: 0.4 });
        pdf.font('bold').fontSize(10.5).fillColor(INK).text(v, x, pdf.y, { width });
        pdf.moveDown(0.35);
      }
      pdf.moveDown(0.3);
      return;
    case 'list':
      pdf.font('body').fontSize(10).fillColor(INK);
      for (const item of b.items) {
        ensure(pdf.heightOfString(item, { width: width - 14 }) + 2);
        const y = pdf.y;
        pdf.text('•', x, y, { width: 10 });
        pdf.text(item, x + 14, y, { width: width - 14 });
        pdf.moveDown(0.2);
      }
      pdf.x = x;
      pdf.moveDown(0.4);
      return;
    case 'table':
      table(pdf, b.caption, b.columns, b.rows, width, ensure);
      return;
    case 'chart':
      chart(pdf, b.chart, width, ensure);
      return;
  }
}

/** A table with wrapped cells; the header repeats on each page it runs onto. */
function table(pdf: Doc, caption: string, columns: string[], rows: (string | number | null)[][], width: number, ensure: (h: number) => void) {
  const x0 = pdf.page.margins.left;
  const size = 8.5;
  const pad = 3;
  // column widths: every column at least as wide as its longest word (so dates and names never break), the
  // rest of the width shared by how much longer each column's longest text is
  pdf.font('body').fontSize(size);
  const texts = columns.map((c, i) => [c, ...rows.map((r) => cellText(r[i] ?? null))]);
  const longestWord = (t: string) => Math.max(0, ...t.split(/\s+/).map((w) => pdf.widthOfString(w)));
  const minW = texts.map((ts) => Math.min(120, Math.max(28, ...ts.map(longestWord))) + 2 * pad);
  const natW = texts.map((ts, i) => Math.max(minW[i]!, Math.min(300, Math.max(...ts.map((t) => pdf.widthOfString(t)))) + 2 * pad));
  const sumMin = minW.reduce((a, b) => a + b, 0);
  const sumNat = natW.reduce((a, b) => a + b, 0);
  const widths =
    sumNat <= width
      ? natW.map((w) => (w / sumNat) * width)
      : sumMin >= width
        ? minW.map((w) => (w / sumMin) * width)
        : minW.map((w, i) => w + ((width - sumMin) * (natW[i]! - w)) / Math.max(1, sumNat - sumMin));
  const heightOf = (cells: string[], font: string) => {
    pdf.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, ruleColor: string, ruleWidth: number) => {
    const h = heightOf(cells, font);
    const y = pdf.y;
    let cx = x0;
    pdf.font(font).fontSize(size).fillColor(INK);
    cells.forEach((c, i) => {
      pdf.text(c, cx + pad, y + pad, { width: widths[i]! - 2 * pad });
      cx += widths[i]!;
    });
    pdf
      .moveTo(x0, y + h)
      .lineTo(x0 + width, y + h)
      .lineWidth(ruleWidth)
      .strokeColor(ruleColor)
      .stroke();
    pdf.x = x0;
    pdf.y = y + h;
  };
  const header = () => drawRow(columns, 'bold', MUTED, 1);
  ensure(heightOf(columns, 'bold') + heightOf(rows[0]?.map(cellText) ?? [''], 'body') + 20);
  pdf.font('bold').fontSize(9.5).fillColor(INK).text(caption, x0, pdf.y, { width });
  pdf.moveDown(0.2);
  header();
  for (const r of rows) {
    const cells = r.map(cellText);
    const h = heightOf(cells, 'body');
    if (pdf.y + h > pdf.page.height - pdf.page.margins.bottom) {
      pdf.addPage();
      header();
    }
    drawRow(cells, 'body', RULE, 0.5);
  }
  pdf.moveDown(0.8);
}

/** A chart from its shapes, scaled to the text width; then its legend and its data table. */
function chart(pdf: Doc, c: Chart, width: number, ensure: (h: number) => void) {
  const x0 = pdf.page.margins.left;
  const k = width / c.width;
  const h = c.height * k;
  ensure(h + 40);
  pdf.font('bold').fontSize(10.5).fillColor(INK).text(c.title, x0, pdf.y, { width });
  pdf.moveDown(0.2);
  const top = pdf.y;
  pdf.save();
  pdf.translate(x0, top).scale(k);
  for (const s of c.shapes) drawShape(pdf, s);
  pdf.restore();
  pdf.x = x0;
  pdf.y = top + h + 6;
  // legend
  let lx = x0;
  const ly = pdf.y;
  pdf.font('body').fontSize(8);
  for (const l of c.legend) {
    const w = pdf.widthOfString(l.label) + 26;
    pdf.save();
    pdf
      .moveTo(lx, ly + 4)
      .lineTo(lx + 16, ly + 4)
      .lineWidth(3)
      .strokeColor(l.color);
    if (l.dash) pdf.dash(4, { space: 2 });
    pdf.stroke();
    pdf.restore();
    pdf.fillColor(MUTED).text(l.label, lx + 20, ly, { lineBreak: false });
    lx += w;
  }
  pdf.x = x0;
  pdf.y = ly + 14;
  pdf.font('body').fontSize(8.5).fillColor(MUTED).text(c.description, x0, pdf.y, { width });
  pdf.moveDown(0.5);
  table(pdf, `${c.title}: the data`, c.table.columns, c.table.rows, width, ensure);
}

function drawShape(pdf: Doc, s: Shape) {
  switch (s.kind) {
    case 'rect':
      if (s.w > 0) pdf.rect(s.x, s.y, s.w, s.h).fill(s.fill);
      return;
    case 'line':
      pdf.save();
      pdf.moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).lineWidth(s.width).strokeColor(s.stroke);
      if (s.dash) pdf.dash(4, { space: 3 });
      pdf.stroke();
      pdf.restore();
      return;
    case 'polyline': {
      const [first, ...rest] = s.points;
      if (!first) return;
      pdf.save();
      pdf.moveTo(first[0], first[1]);
      for (const [a, b] of rest) pdf.lineTo(a, b);
      pdf.lineWidth(s.width).strokeColor(s.stroke).lineJoin('round');
      if (s.dash) pdf.dash(5, { space: 3 });
      pdf.stroke();
      pdf.restore();
      return;
    }
    case 'polygon':
      pdf.save();
      pdf.polygon(...s.points).fillOpacity(s.opacity).fill(s.fill);
      pdf.restore();
      return;
    case 'text': {
      pdf.font('body').fontSize(s.size).fillColor(s.fill);
      const w = pdf.widthOfString(s.text);
      const x = s.anchor === 'middle' ? s.x - w / 2 : s.anchor === 'end' ? s.x - w : s.x;
      // the SVG y is the baseline; PDFKit places text by its top
      pdf.text(s.text, x, s.y - s.size * 0.8, { lineBreak: false });
      return;
    }
  }
}
