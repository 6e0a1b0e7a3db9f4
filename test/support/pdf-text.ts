import { execFileSync } from 'node:child_process';

/**
 * The text of a PDF, read back with pdf-parse (pdf.js). It runs in a child Node process: pdf.js
 * loads its worker with a dynamic import, which Jest's module sandbox does not allow.
 */
export function pdfText(pdf: Buffer): string {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      const { text } = await parser.getText();
      await parser.destroy();
      process.stdout.write(text);
    });`;
  return execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: process.cwd(), encoding: 'utf8' });
}
