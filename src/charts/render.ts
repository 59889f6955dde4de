/**
 * Renders a Vega-Lite specification to SVG (vega, headless, no browser) and then to PNG
 * (resvg, a Rust SVG renderer shipped as an npm package). Both libraries are loaded only when a
 * chart is drawn, so commands that never draw one do not pay for them.
 *
 * Data in a chart comes from AWS records and is untrusted: it is passed to Vega as data values
 * (never as expressions or URLs), and the loader is replaced by one that refuses every fetch.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** A loader that refuses to fetch anything: a chart can never read a file or a URL. */
const noLoader = {
  load: async () => {
    throw new Error('charts load no external data');
  },
  sanitize: async () => {
    throw new Error('charts load no external data');
  },
  http: async () => {
    throw new Error('charts load no external data');
  },
  file: async () => {
    throw new Error('charts load no external data');
  },
};

export async function renderChart(spec: TopLevelSpec, opts: { scale?: number } = {}): Promise<RenderedChart> {
  const [vega, vl, { Resvg }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    loader: noLoader as unknown as ReturnType<typeof vega.loader>,
  });
  const svg = await view.toSVG(opts.scale ?? 1);
  view.finalize();
  const resvg = new Resvg(svg, {
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: 2 },
  });
  const image = resvg.render();
  const png = image.asPng();
  return { svg, png: Buffer.from(png), width: image.width, height: image.height };
}

/** Reads width and height from a PNG's IHDR chunk (tests and callers that check a file). */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const sig = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== sig) return undefined;
  if (png.subarray(12, 16).toString('ascii') !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
