import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import type { Test } from 'supertest';
import { bearer, createIssuer, example, type IssuerFixture, type TestApp } from '../../helpers/app.js';

export type Doc = Record<string, unknown>;

/** The documented example achievement with a Lithuanian edition added (same content, real Lithuanian). */
export function trilingualAchievement(): Doc {
  const body = structuredClone(example('achievement-create.json')) as Doc & {
    title: Doc;
    description: Doc;
    criteria: Doc;
    learningOutcomes: Array<{ text: Doc }>;
  };
  body.title.lt = 'Skaitmeninio turinio kūrimas žiniatinkliui';
  body.description.lt =
    'Profesinio mokymo mikrokredencialas: tinklalapių turinio rengimas, vaizdų apdorojimas ir skelbimas turinio valdymo sistemoje.';
  body.criteria.lt = 'Atlikti praktinę užduotį ir išlaikyti baigiamąjį vertinimą.';
  const also = (map: unknown, lt: string) => map && typeof map === 'object' && Object.assign(map, { lt });
  also((body.qualityAssurance as Doc | undefined)?.description, 'Įstaiga akredituota iki 2028 metų.');
  also(body.prerequisites, 'Pagrindiniai kompiuterio naudojimo įgūdžiai.');
  also((body.gradeScheme as Doc | undefined)?.name, '10 balų skalė');
  also(body.furtherInformation, 'Daugiau informacijos – mokyklos svetainėje.');
  body.learningOutcomes.forEach(
    (o, i) => (o.text.lt = `Mokymosi rezultatas Nr. ${i + 1}: parengia ir paskelbia tinklalapio turinį.`),
  );
  return body;
}

export interface Issued {
  id: string;
  credential: Doc;
  jwt?: string;
  links: Record<string, string>;
}

/** An issuer with one achievement, able to issue it to named learners. */
export async function issuerWith(t: TestApp, achievement: Doc = trilingualAchievement()) {
  const issuer: IssuerFixture = await createIssuer(t);
  const auth = bearer(issuer.apiKey);
  const created = await t.http
    .post('/api/v1/achievements')
    .set(...auth)
    .send(achievement);
  assert.equal(created.status, 201, created.text);
  const achievementId = created.body.id as string;
  let n = 0;
  return {
    issuer,
    achievementId,
    async issue(
      learner: { givenName: string; familyName: string },
      language: 'lv' | 'en' | 'lt',
      format: 'ob3-di' | 'ob3-jwt' | 'edc' = 'ob3-di',
      extra: Doc = {},
    ): Promise<Issued> {
      n += 1;
      const res = await t.http
        .post('/api/v1/credentials')
        .set(...auth)
        .send({
          achievementId,
          learner: {
            ...example('learner-create.json'),
            ...learner,
            email: `learner${n}.${Date.now()}@example.lv`,
          },
          language,
          format,
          ...extra,
        });
      assert.equal(res.status, 201, res.text);
      return res.body as Issued;
    },
  };
}

/** A scratch folder for files the command-line tools read and write. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'tilts-renderings-'));
  return {
    dir,
    write(name: string, bytes: Buffer | string): string {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    read: (name: string): Buffer => readFileSync(join(dir, name)),
    run: (cmd: string, args: string[]): string => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8' }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The raw body of a binary response (supertest buffers only what it knows as binary). */
export const binary = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** The QR code in a PNG, read with the decoder the service uses (jsQR over pngjs pixels). */
export function readQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsqr.default(data, image.width, image.height)?.data;
}
