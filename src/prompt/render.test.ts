import { describe, expect, it } from 'vitest';
import { checkTemplateSyntax, compileTemplate, TemplateVariableError } from './render.js';

describe('compileTemplate', () => {
  it('renders article fields as plain text, without HTML escaping', () => {
    const render = compileTemplate('Title: {{title}}\n\n{{body}}');
    expect(render({ title: 'Tom & Jerry <3', body: 'Text.' })).toBe(
      'Title: Tom & Jerry <3\n\nText.',
    );
  });

  it('names a variable the input lacks instead of rendering it empty', () => {
    const render = compileTemplate('{{title}} by {{author}}');
    expect(() => render({ title: 'x' })).toThrow(TemplateVariableError);
    try {
      render({ title: 'x' });
    } catch (error) {
      expect((error as TemplateVariableError).variable).toBe('author');
    }
  });

  it('accepts a field that is present but null', () => {
    expect(compileTemplate('[{{dateline}}]')({ dateline: null })).toBe('[]');
  });

  it('rejects a template that does not parse', () => {
    expect(() => checkTemplateSyntax('{{#if x}}open')).toThrow(/Parse error/);
  });
});
