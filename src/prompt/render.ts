import Handlebars from 'handlebars';

const handlebars = Handlebars.create();

export type CompiledTemplate = (variables: Record<string, unknown>) => string;

/** A template variable that the variables given to it lack. */
export class TemplateVariableError extends Error {
  override readonly name = 'TemplateVariableError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Compiles a handlebars template in strict mode: a variable the template uses that the input
 * lacks is an error, never an empty string. Prompts are plain text, so nothing is HTML-escaped.
 */
export function compileTemplate(template: string): CompiledTemplate {
  const render = handlebars.compile(template, { strict: true, noEscape: true });
  return (variables) => {
    try {
      return render(variables);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const match = /"([^"]+)" not defined/.exec(message);
      if (match?.[1]) {
        throw new TemplateVariableError(match[1], `the template uses {{${match[1]}}}`);
      }
      throw error;
    }
  };
}

/** Throws on a template that does not parse, with handlebars' own line and column. */
export function checkTemplateSyntax(template: string): void {
  handlebars.precompile(template, { strict: true });
}
