import { type Plugin, parseAst } from 'vite';

/**
 * What no browser reads of a css`` template: comments go, runs of whitespace become one space, none
 * is kept around braces, semicolons, commas and slashes (only + and - need spaces in calc) or
 * after a colon (our selectors never have `: `), #ffffff is #fff, a block's last semicolon goes,
 * `0.5` is `.5`, and `[part~='base']` is `[part~=base]`.
 */
export function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,/]) ?/g, '$1')
    .replace(/#(\w)\1(\w)\2(\w)\3\b/g, '#$1$2$3')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/(^|[^\w.-])0\.(\d)/g, '$1.$2')
    .replace(/=(['"])([a-z][\w-]*)\1\]/gi, '=$2]')
    .trim();
}

/**
 * The indentation of an html`` or svg`` template: a run of whitespace across a line break is one
 * space (what the browser renders of it anyway, no element of ours being white-space: pre), and
 * none before the `>` that closes a tag.
 */
export function minifyHtml(html: string): string {
  return html.replace(/\s*\n\s*(\/?>)/g, '$1').replace(/\s*\n\s*/g, ' ');
}

const MINIFIERS: Record<string, (text: string) => string> = { css: minifyCss, html: minifyHtml, svg: minifyHtml };

interface Node {
  type?: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Every tagged template of Lit's (css``, html``, svg``) in a module, with the minifier for its text. */
function* templates(node: unknown): Generator<[Node[], (text: string) => string]> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* templates(child);
    return;
  }
  const { type, tag, quasi } = node as { type?: string; tag?: { type: string; name: string }; quasi?: Node };
  const minify = type === 'TaggedTemplateExpression' && tag?.type === 'Identifier' ? MINIFIERS[tag.name] : undefined;
  if (minify && quasi) yield [quasi.quasis as Node[], minify];
  for (const value of Object.values(node)) if (value && typeof value === 'object') yield* templates(value);
}

/**
 * Lit's templates keep the source's indentation through the minifier (it never rewrites a
 * string): this drops it from the elements' css``, html`` and svg`` templates, in the embed's
 * build only (the elements' tests run on their source).
 */
export const minifyTemplates = (include: RegExp): Plugin => ({
  name: 'member-center:minify-templates',
  enforce: 'pre',
  transform(code, id) {
    if (!include.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
    const edits: [number, number, string][] = [];
    for (const [quasis, minify] of templates(parseAst(code, { lang: 'ts' }, id))) {
      for (const quasi of quasis) {
        // A quasi's span takes in its delimiters: the opening ` or }, the closing ` or ${.
        const start = quasi.start + 1;
        const end = quasi.end - (code.startsWith('${', quasi.end - 2) ? 2 : 1);
        const raw = code.slice(start, end);
        if (raw !== (quasi.value as { raw: string }).raw) this.error(`${id}: a template's text was not where expected`);
        const text = minify(raw);
        if (text !== raw) edits.push([start, end, text]);
      }
    }
    if (edits.length === 0) return null;
    let out = code;
    for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
      out = out.slice(0, start) + text + out.slice(end);
    return { code: out, map: null };
  },
});
