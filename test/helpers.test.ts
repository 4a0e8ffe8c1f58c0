import { describe, expect, it } from 'vitest';
import { bundleUuid, docLink, fnmatchEscaped, globEscaped, jinjaQuoted, nameBasedUuid, nodeType, packageName, quoted, workspaceHost } from '../src/render/helpers.js';
import { parse } from 'yaml';

describe('packageName', () => {
  it.each([
    ['my-mlops-project', 'my_mlops_project'],
    ['a@b-c', 'ab_c'],
    ['Already_Fine9', 'Already_Fine9'],
    ['ünïcode-name', 'ncode_name'],
  ])('%s -> %s', (name, pkg) => expect(packageName(name)).toBe(pkg));
});

describe('workspaceHost', () => {
  it.each([
    ['https://adb-1.2.azuredatabricks.net/?o=123#job/1', 'https://adb-1.2.azuredatabricks.net'],
    ['https://host.cloud.databricks.com:8443/path', 'https://host.cloud.databricks.com:8443'],
    ['https://host.cloud.databricks.com', 'https://host.cloud.databricks.com'],
    ['https://Host.Cloud.Databricks.com:443', 'https://Host.Cloud.Databricks.com:443'],
    ['not a url', 'not a url'],
    ['https://', 'https://'],
  ])('%s -> %s', (value, host) => expect(workspaceHost(value)).toBe(host));
});

describe('nodeType', () => {
  it('maps each cloud', () => {
    expect([nodeType('aws'), nodeType('azure'), nodeType('gcp')]).toEqual(['i3.xlarge', 'Standard_D3_v2', 'n2-highmem-4']);
  });
  it('refuses other clouds', () => expect(() => nodeType('ibm')).toThrow('no job cluster node type for cloud "ibm"'));
});

describe('docLink', () => {
  it.each([
    ['aws', 'dev-tools/cli/bundle-cli.html', 'https://docs.databricks.com/dev-tools/cli/bundle-cli.html'],
    ['gcp', 'dev-tools/cli/bundle-cli.html', 'https://docs.gcp.databricks.com/dev-tools/cli/bundle-cli.html'],
    ['azure', 'dev-tools/cli/bundle-cli.html', 'https://learn.microsoft.com/azure/databricks/dev-tools/cli/bundle-cli'],
    ['azure', 'a/b.html#anchor', 'https://learn.microsoft.com/azure/databricks/a/b#anchor'],
    [
      'aws',
      'repos/git-operations-with-repos#add-a-repo-and-connect-remotely-later',
      'https://docs.databricks.com/repos/git-operations-with-repos.html#add-a-repo-connected-to-a-remote-repo',
    ],
    [
      'gcp',
      'repos/git-operations-with-repos#add-a-repo-and-connect-remotely-later',
      'https://docs.gcp.databricks.com/en/repos/git-operations-with-repos.html#clone-a-repo-connected-to-a-remote-repo',
    ],
    [
      'azure',
      'repos/git-operations-with-repos#add-a-repo-and-connect-remotely-later',
      'https://learn.microsoft.com/azure/databricks/repos/git-operations-with-repos#add-a-repo-and-connect-remotely-later',
    ],
  ])('%s %s', (cloud, path, link) => expect(docLink(cloud, path)).toBe(link));
});

describe('quoted', () => {
  it.each(['true', 'null', '123', '3.10', 'a: b # c', "it's \"q\" \\ back", 'line\u2028sep', '{x}', 'ünï'])(
    'reads back %j as the same string in YAML and JSON',
    (value) => {
      expect(parse(`k: ${quoted(value)}`)).toEqual({ k: value });
      expect(JSON.parse(quoted(value))).toBe(value);
    },
  );
});

describe('jinjaQuoted', () => {
  it.each(['a{{b}}c', 'x{%- if %}', 'team#1', '100%', 'plain'])('hides %j from Jinja and reads back in YAML', (value) => {
    const text = jinjaQuoted(value);
    expect(text).not.toMatch(/[{}%#]/);
    expect(parse(`k: ${text}`)).toEqual({ k: value });
  });
});

describe('globEscaped', () => {
  it.each([
    ['main', 'main'],
    ['+a', '\\+a'],
    ['!x]', '\\!x]'],
  ])('%s -> %s', (branch, pattern) => expect(globEscaped(branch)).toBe(pattern));
});

describe('nameBasedUuid / bundleUuid', () => {
  it('gives the RFC 4122 version 5 UUID of known vectors (as Python uuid.uuid5 computes them)', () => {
    expect(nameBasedUuid('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(nameBasedUuid('https://example.com/ü')).toBe('a17f7a1d-6bb5-51a9-9d32-f9d2fdeec8b6');
    expect(bundleUuid('my-mlops-project')).toBe('352dbac5-a8fa-5a3c-bd32-e33e4889fd45');
  });

  it('sets the version and variant bits, and differs by name', () => {
    const ids = ['a', 'b', 'my-mlops-project', 'ünïcødé'].map(bundleUuid);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(bundleUuid('a')).toBe(bundleUuid('a'));
  });
});

describe('fnmatchEscaped', () => {
  it('escapes what Ruby File.fnmatch with extended globs reads as syntax, and nothing else', () => {
    expect(fnmatchEscaped('my+proj[1]{a,b}(x)!')).toBe('my+proj\\[1\\]\\{a,b\\}(x)!');
    expect(fnmatchEscaped('a\\b*?')).toBe('a\\\\b\\*\\?');
    expect(fnmatchEscaped('plain-name_1')).toBe('plain-name_1');
  });
});
