/**
 * The stdio transport answers `initialize` before the MCP SDK has loaded, with the answer the SDK's
 * Server gives, and then hands the server every message (the handshake included) in order.
 */
import { PassThrough } from 'node:stream';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSIONS } from '../../src/mcp/identity';
import { createMcpServer } from '../../src/mcp/server';
import { EarlyStdioTransport } from '../../src/mcp/stdio';
import { evidenceContext } from '../helpers/context';

function pipes() {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: unknown[] = [];
  let buf = '';
  output.on('data', (d) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  const send = (m: unknown) => input.write(`${JSON.stringify(m)}\n`);
  return { input, output, lines, send };
}

async function tick() {
  await new Promise((r) => setTimeout(r, 20));
}
const until = async (f: () => boolean) => {
  for (let i = 0; i < 250 && !f(); i++) await tick();
  expect(f()).toBe(true);
};
const initialize = (protocolVersion: string, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'test', version: '1' } },
});

describe('MCP stdio transport', () => {
  it('accepts as asked the protocol versions the SDK accepts', () => {
    expect(PROTOCOL_VERSIONS).toEqual(SUPPORTED_PROTOCOL_VERSIONS);
  });

  it('answers initialize before a server connects, with the answer the SDK server gives', async () => {
    const { input, output, lines, send } = pipes();
    const transport = new EarlyStdioTransport(input, output).listen();
    send(initialize('2025-06-18'));
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    await until(() => lines.length === 1);
    expect(lines[0]).toMatchObject({
      id: 1,
      result: { protocolVersion: '2025-06-18', serverInfo: { name: 'trailhound' } },
    });
    await tick();
    expect(lines).toHaveLength(1); // nothing else is answered without the server

    const ctx = await evidenceContext('evidence/demo');
    const server = createMcpServer(async () => ctx);
    await server.connect(transport);
    await until(() => lines.length === 2);
    // The server saw the handshake (the client it describes) and answered it the same way; that answer is not sent twice.
    expect(server.getClientVersion()).toEqual({ name: 'test', version: '1' });
    expect(transport.superseded).toEqual([lines[0]]);
    const list = lines[1] as { id: number; result: { tools: { name: string }[] } };
    expect(list.id).toBe(2);
    expect(list.result.tools.map((t) => t.name)).toContain('cloudtrail_search');
    await server.close();
  });

  it('leaves a version the SDK does not accept as asked, and a malformed line, to the server', async () => {
    const { input, output, lines, send } = pipes();
    const transport = new EarlyStdioTransport(input, output).listen();
    input.write('not json\n');
    send(initialize('1999-01-01', 7));
    await tick();
    expect(lines).toEqual([]);
    const errors: Error[] = [];
    const server = createMcpServer(async () => evidenceContext('evidence/demo'));
    server.onerror = (e) => errors.push(e);
    await server.connect(transport);
    await until(() => lines.length === 1);
    // The SDK answers with its latest version.
    expect(lines[0]).toMatchObject({ id: 7, result: { protocolVersion: SUPPORTED_PROTOCOL_VERSIONS[0] } });
    expect(errors.map((e) => e.name)).toEqual(['SyntaxError']);
    await server.close();
  });
});
