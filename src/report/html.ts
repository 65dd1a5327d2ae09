import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { buildReportView, type ReportInput } from './view.js';

export type { ReportInput } from './view.js';

/** The build copies this folder next to the compiled module. */
const TEMPLATES_DIR = new URL('./templates/', import.meta.url);

interface Templates {
  report: Handlebars.TemplateDelegate;
  css: string;
  script: string;
  /** Allows exactly our own inline style and script, and no network request of any kind. */
  csp: string;
}

let templates: Templates | null = null;

/**
 * Renders the run's report as one self-contained HTML page: inline CSS, JS and SVG, no URL to
 * fetch. Every value from the run (outputs, messages, rationales, ids) is HTML-escaped.
 */
export function renderReport(input: ReportInput): string {
  const { report, css, script, csp } = loadTemplates();
  return report({ view: buildReportView(input), css, script, csp });
}

function loadTemplates(): Templates {
  if (templates) return templates;

  // A private instance, so no other code's helpers or partials can reach these templates.
  const hb = Handlebars.create();
  // preventIndent: an indented partial would otherwise indent every line of a model's output.
  const options = { strict: true, preventIndent: true };
  const partialsDir = new URL('partials/', TEMPLATES_DIR);
  for (const file of readdirSync(partialsDir)) {
    if (!file.endsWith('.hbs')) continue;
    const source = readFileSync(new URL(file, partialsDir), 'utf8');
    hb.registerPartial(file.slice(0, -'.hbs'.length), hb.compile(source, options));
  }

  // Browsers hash inline code after turning CRLF into LF; hash the same text they will see.
  const css = readText(new URL('report.css', TEMPLATES_DIR));
  const script = readText(new URL('report.js', TEMPLATES_DIR));
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(css)}'`,
    `script-src '${sha256(script)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  templates = {
    report: hb.compile(readFileSync(new URL('report.hbs', TEMPLATES_DIR), 'utf8'), options),
    css,
    script,
    csp,
  };
  return templates;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function readText(url: URL): string {
  return readFileSync(url, 'utf8').replace(/\r\n?/g, '\n');
}
