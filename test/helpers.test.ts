import { describe, expect, it } from 'vitest';
import { docLink, globEscaped, jinjaQuoted, nodeType, packageName, quoted, workspaceHost } from '../src/render/helpers.js';
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
