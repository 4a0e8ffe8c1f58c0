import { describe, expect, it } from 'vitest';
import { compile, renderString } from '../src/render/engine.js';

describe('engine', () => {
  it('never HTML-escapes', () => {
    expect(renderString('{{v}}', { v: `<a href="x">&'=\`</a>` }, 't')).toBe(`<a href="x">&'=\`</a>`);
  });

  it('fails on a missing variable, naming the template', () => {
    expect(() => renderString('hello {{nope}}', {}, 'docs/x.md.hbs')).toThrow(/^docs\/x\.md\.hbs: .*"nope" not defined/);
  });

  it('refuses helpers outside the closed set', () => {
    expect(() => renderString('{{shout a}}', { a: 'x' }, 't')).toThrow(/^t: .*shout/);
    expect(() => renderString('{{lookup a "b"}}', { a: { b: 1 } }, 't')).toThrow(/^t: .*lookup/);
  });

  it('keeps escaped braces: GitHub expressions, Databricks task references, Jinja', () => {
    const source = 'a: $\\{{ secrets.TOKEN }}\nb: \\{{tasks.check.values.flag}}\nc: \\{{INGEST_CONFIG}}\n';
    expect(renderString(source, {}, 't')).toBe('a: ${{ secrets.TOKEN }}\nb: {{tasks.check.values.flag}}\nc: {{INGEST_CONFIG}}\n');
  });

  it('has eq, ne, and, or, not', () => {
    const source = '{{#if (and (eq a "x") (ne b "x") (or f t) (not f))}}yes{{else}}no{{/if}}';
    expect(renderString(source, { a: 'x', b: 'y', f: false, t: true }, 't')).toBe('yes');
  });

  it('quotes inline and as a block', () => {
    const source = 'n: {{#yaml}}${bundle.target}-{{p}}-job{{/yaml}}\np = {{py p}}';
    expect(renderString(source, { p: 'x"y' }, 't')).toBe('n: "${bundle.target}-x\\"y-job"\np = "x\\"y"');
  });

  it('derives values with the stack helpers', () => {
    const source = '{{pkg_name n}} {{host h}} {{node_type c}} {{doc_link c "a.html"}}';
    expect(renderString(source, { n: 'a-b', h: 'https://x.y/z', c: 'aws' }, 't')).toBe(
      'a_b https://x.y i3.xlarge https://docs.databricks.com/a.html',
    );
  });

  it('still gives @data variables to a template that uses them', () => {
    const source = '{{#each xs}}{{@index}}{{#if @first}}^{{/if}}{{#each ../ys}}({{@../index}}.{{@index}}){{/each}}{{/each}}|{{#each o}}{{@key}}={{this}};{{/each}}|{{#with w}}{{@root.r}}{{/with}}';
    expect(renderString(source, { xs: ['a', 'b'], ys: ['y', 'z'], o: { k: 1 }, w: {}, r: 'R' }, 't')).toBe('0^(0.0)(0.1)1(1.0)(1.1)|k=1;|R');
  });

  it('compiles lazily, once', () => {
    const template = compile('{{x}}', 't');
    expect([template({ x: 1 }), template({ x: 2 })]).toEqual(['1', '2']);
  });
});

describe('renderString', () => {
  it('returns text without mustaches as it is, backslashes included', () => {
    expect(renderString('plain \\ text } {', {}, 't')).toBe('plain \\ text } {');
    expect(renderString('a {{x}}', { x: 1 }, 't')).toBe('a 1');
  });
});
