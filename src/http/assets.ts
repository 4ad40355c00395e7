import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { AppError } from '../errors.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** `name.<hash>.ext`: the URL pages link, cacheable for a year because its content never changes */
  hashedName: string;
  gzip?: Buffer;
}

export interface AssetStore {
  /** the content-hashed URL of an asset by its plain name, e.g. `site.css` → `/assets/site.1a2b3c4d5e.css` */
  url(name: string): string;
  /** answers GET /assets/{file} for plain and hashed names; 404 for anything else */
  serve(req: Request, res: Response, file: string): void;
}

const hashed = (name: string, hash: string): string => {
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}.${hash}${ext}`;
};

/**
 * Reads one asset at start. Its content hash serves as both the ETag and the hashed name, so a changed
 * file gets a new URL; a file type we have no media type for fails the start rather than a request.
 */
function readAsset(name: string, path: string): Asset {
  const body = readFileSync(path);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const type = TYPES[extname(name)];
  if (!type) throw new Error(`asset ${name}: unknown file type`);
  return { body, type, etag: `"${hash}"`, hashedName: hashed(name, hash) };
}

/**
 * Static files the pages use (our CSS and scripts, the API viewer's bundle), read once at start and
 * served from memory. Pages link the content-hashed name (immutable, cached for a year); the plain
 * name is served too, with an ETag and a short lifetime, for links that cannot know the hash.
 */
export function loadAssets(files: Readonly<Record<string, string>>): AssetStore {
  const byName = new Map<string, Asset>();
  const byHashed = new Map<string, Asset>();
  for (const [name, path] of Object.entries(files)) {
    const asset = readAsset(name, path);
    byName.set(name, asset);
    byHashed.set(asset.hashedName, asset);
  }
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`unknown asset ${name}`);
      return `/assets/${asset.hashedName}`;
    },
    serve(req, res, file) {
      const immutable = byHashed.get(file);
      const asset = immutable ?? byName.get(file);
      if (!asset) throw new AppError('not-found', 'No such asset');
      res.setHeader('Content-Type', asset.type).setHeader('ETag', asset.etag).vary('Accept-Encoding');
      res.setHeader(
        'Cache-Control',
        immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
      );
      if (req.get('if-none-match') === asset.etag) {
        res.status(304).end();
        return;
      }
      const compressible = asset.type.startsWith('text/') || asset.type === 'image/svg+xml';
      if (compressible && req.acceptsEncodings('gzip') === 'gzip') {
        asset.gzip ??= gzipSync(asset.body);
        res.setHeader('Content-Encoding', 'gzip').send(asset.gzip);
        return;
      }
      res.send(asset.body);
    },
  };
}
