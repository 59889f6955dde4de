/** The MCP surface with the SDK's own client over an in-memory transport. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createMcpServer } from '../../src/mcp/server';
import { evidenceContext } from '../helpers/context';

async function connected() {
  const ctx = await evidenceContext('evidence/demo');
  const server = createMcpServer(async () => ctx);
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  return client;
}

describe('MCP server', () => {
  it('lists the read-only query tools with their JSON Schemas, and no propose tools', async () => {
    const client = await connected();
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain('cloudtrail_search');
    expect(names.some((n) => n.startsWith('propose_'))).toBe(false);
    const search = tools.find((t) => t.name === 'cloudtrail_search')!;
    expect(search.inputSchema.type).toBe('object');
    expect(search.annotations?.readOnlyHint).toBe(true);
    expect(search.title).toBe('Search CloudTrail events');
    expect(search.outputSchema?.required).toEqual(['summary', 'data', 'sources', 'warnings']);
    // Every tool has a title; only posture_scan declares that it writes (its scan history, never AWS).
    expect(tools.every((t) => typeof t.title === 'string' && t.title.length > 3)).toBe(true);
    const scan = tools.find((t) => t.name === 'posture_scan')!;
    expect(scan.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(tools.filter((t) => t.annotations?.readOnlyHint === false).map((t) => t.name)).toEqual(['posture_scan']);
  });

  it('offers privilege_paths and answers "who can become admin?" with bounded paths', async () => {
    const client = await connected();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('privilege_paths');
    const r = await client.callTool({ name: 'privilege_paths', arguments: { question: 'who-can-become-admin' } });
    expect(r.isError).toBeFalsy();
    const result = JSON.parse((r.content as { text: string }[])[0]!.text);
    expect(result.summary).toMatch(/Applied: .*permissions boundaries/);
    const paths = result.data.results[0].paths as { principal: string }[];
    expect(paths.map((p) => p.principal)).toContain('ci-legacy');
    expect(result.data.results[0].total).toBe(paths.length);
  });

  it('runs a tool and returns its bounded result; bad input is an error result', async () => {
    const client = await connected();
    const ok = await client.callTool({
      name: 'cloudtrail_search',
      arguments: {
        access_key_id: 'AKIAIOSFODNN7EXAMPLE',
        start_time: '2026-11-16T00:00:00Z',
        end_time: '2026-11-23T09:00:00Z',
      },
    });
    expect(ok.isError).toBeFalsy();
    const result = JSON.parse((ok.content as { text: string }[])[0]!.text);
    expect(result.summary).toMatch(/events for AKIAIOSFODNN7EXAMPLE/);
    // The same result as structured content (validated by the SDK client against outputSchema).
    expect(ok.structuredContent).toEqual(result);
    const bad = await client.callTool({ name: 'cloudtrail_search', arguments: { access_key_id: 'nope' } });
    expect(bad.isError).toBe(true);
    expect((bad.content as { text: string }[])[0]!.text).toMatch(/Invalid input for cloudtrail_search/);
    const unknown = await client.callTool({ name: 'propose_delete_access_key', arguments: {} });
    expect(unknown.isError).toBe(true);
  });
});
