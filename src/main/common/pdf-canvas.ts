// Large PDF tables drawn on one react-pdf <Canvas> per page: grid lines and cell texts go straight into the PDF
// through pdfkit. One node per page instead of one <Text> per cell is what makes the whole-school statement and
// the archive's class journals render in seconds (about 12 ms a page instead of 300 ms, measured on the statement).

import { readFileSync } from 'node:fs';
import { assetPath } from './assets';

/** The part of pdfkit's API that react-pdf's <Canvas> hands to `paint` (its painter is typed `any`). */
export interface Painter {
  save(): Painter;
  restore(): Painter;
  rect(x: number, y: number, w: number, h: number): Painter;
  clip(): Painter;
  moveTo(x: number, y: number): Painter;
  lineTo(x: number, y: number): Painter;
  stroke(color?: string): Painter;
  lineWidth(w: number): Painter;
  strokeColor(color: string): Painter;
  fillColor(color: string): Painter;
  font(src: Buffer): Painter;
  fontSize(size: number): Painter;
  text(text: string, x: number, y: number, options?: PainterTextOptions): Painter;
  /** Continues the previous `continued` text. */
  text(text: string, options?: PainterTextOptions): Painter;
}

export interface PainterTextOptions {
  width?: number;
  height?: number;
  align?: 'left' | 'center' | 'right';
  lineBreak?: boolean;
  ellipsis?: boolean;
  continued?: boolean;
  lineGap?: number;
  baseline?: 'alphabetic' | 'top';
}

let fontFiles: { regular: Buffer; bold: Buffer } | undefined;
/**
 * The DejaVu files for painted text, read once. pdfkit finds them equal to the fonts react-pdf already embedded
 * (one copy in the PDF), but re-parses a font on every switch: painters draw all regular texts, then all bold ones.
 */
export function canvasFonts(): { regular: Buffer; bold: Buffer } {
  fontFiles ??= { regular: readFileSync(assetPath('fonts', 'DejaVuSans.ttf')), bold: readFileSync(assetPath('fonts', 'DejaVuSans-Bold.ttf')) };
  return fontFiles;
}
