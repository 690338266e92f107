import { breakLines, paragraphs, type TextLine } from './pdf-lines.util';

export interface TextStyle {
  font: string;
  size: number;
  color?: string;
}

export interface TextBox {
  x: number;
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Draw where the box says, even inside the bottom margin (footers): no page break. */
  fixed?: boolean;
}

/**
 * Draws text line by line, broken at word boundaries, each line marked with its exact source text
 * (/ActualText), so that copying or extracting text gives back what is stored.
 *
 * Why: pdfkit emits the glyphs that HarfBuzz-style shaping produced, and a Thai glyph run (with
 * SARA AM split and marks reordered) maps back to the wrong characters: pdftotext read ทำงาน
 * as ทำางาน. A PDF reader that honours /ActualText (poppler, Acrobat, pdf.js) takes the text from
 * the mark instead of the glyphs.
 */
export class PdfTextWriter {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  lines(text: string, style: TextStyle, width: number): TextLine[] {
    this.style(style);
    return paragraphs(text).flatMap((paragraph) =>
      breakLines(paragraph, width, (line) => this.doc.widthOfString(line)),
    );
  }

  lineHeight(style: TextStyle): number {
    this.style(style);
    return this.doc.currentLineHeight(true);
  }

  height(text: string, style: TextStyle, width: number): number {
    return this.lines(text, style, width).length * this.lineHeight(style);
  }

  /** Writes `text` from `y` (default: the document's y) and leaves doc.y below it. */
  write(text: string, style: TextStyle, box: TextBox, y = this.doc.y): number {
    const doc = this.doc;
    const height = this.lineHeight(style);
    for (const line of this.lines(text, style, box.width)) {
      if (!box.fixed && y + height > doc.page.height - doc.page.margins.bottom) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      this.style(style);
      this.line(line, box, y);
      y += height;
    }
    doc.y = y;
    doc.x = box.x;
    return y;
  }

  private style(style: TextStyle): void {
    this.doc.font(style.font).fontSize(style.size);
    if (style.color) this.doc.fillColor(style.color);
  }

  private line(line: TextLine, box: TextBox, y: number): void {
    if (!line.text) return;
    const doc = this.doc;
    // The mark must sit inside pdfkit's own q…Q and BT…ET of the line, where the text matrix and
    // font are the glyphs' own: poppler places the ActualText with the state it finds at EMC.
    const addContent = doc.addContent;
    let open = false;
    doc.addContent = function (this: PDFKit.PDFDocument, data: string) {
      if (data === 'BT' && !open) {
        addContent.call(this, data);
        doc.addContent = addContent;
        doc.markContent('Span', { actual: line.actual });
        doc.addContent = hook;
        open = true;
        return this;
      }
      if (data === 'ET' && open) {
        doc.addContent = addContent;
        doc.endMarkedContent();
        doc.addContent = hook;
        open = false;
      }
      return addContent.call(this, data);
    };
    const hook = doc.addContent;
    // Without a width pdfkit draws the line as given: no wrapping and no page break of its own.
    const spare = box.width - doc.widthOfString(line.text);
    const x = box.x + (box.align === 'right' ? spare : box.align === 'center' ? spare / 2 : 0);
    try {
      doc.text(line.text, x, y, { lineBreak: false });
    } finally {
      doc.addContent = addContent;
    }
  }
}
