import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { convert } from '../../src/convert/convert.js';
import { detectFace } from '../../src/frames/face.js';
import { levellingAngle } from '../../src/frames/geometry.js';
import { ClipError, type ClipSettings, processClip } from '../../src/frames/process-clip.js';
import { validate } from '../../src/validate/validate.js';
import { tempDir } from '../helpers/tmp.js';

// real photographs shipped inside the face-api package (demo/sample2.jpg shows one person, head tilted about 17°)
const require = createRequire(import.meta.url);
const DEMO = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

let work: string;
let photo: string;
let tilted: string;

const faceSettings = (align = false): ClipSettings => ({
  crop: { mode: 'face' },
  box: null,
  align,
  margin: 0.2,
  shape: { size: { width: 112, height: 112 }, fit: 'cover', gray: false, format: 'jpg', quality: 90 },
  temporal: { resample: 'linear' },
});

beforeAll(async () => {
  work = await tempDir();
  photo = path.join(work, 'face.jpg');
  tilted = path.join(work, 'tilted.jpg');
  await sharp(path.join(DEMO, 'sample2.jpg')).resize(960).jpeg({ quality: 92 }).toFile(photo);
  await sharp(photo).rotate(-10, { background: '#808080' }).jpeg({ quality: 92 }).toFile(tilted);
});

function covers(box: { x: number; y: number; w: number; h: number }, points: readonly [number, number][]) {
  return points.every(([x, y]) => x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h);
}

describe('--crop face', () => {
  it('finds the face on a real photograph, with 68 landmarks inside its box', async () => {
    const face = await detectFace(photo);
    expect(face).not.toBeNull();
    expect(face?.landmarks).toHaveLength(68);
    expect(face?.score).toBeGreaterThan(0.5);
    // landmarks (eyes, nose, mouth, jaw) lie in the detector's box, give or take the jaw line
    const grown = face
      ? {
          x: face.box.x - 0.1 * face.box.w,
          y: face.box.y - 0.1 * face.box.h,
          w: face.box.w * 1.2,
          h: face.box.h * 1.2,
        }
      : null;
    expect(grown && covers(grown, face?.landmarks ?? [])).toBe(true);
  }, 60_000);

  it('crops every frame of a clip with one square box, detected once, that covers all landmarks', async () => {
    const dir = path.join(work, 'clip');
    await mkdir(dir);
    const clip = { id: 'x/clip', frames: [photo, photo, photo], fps: 30, onset: 1, apex: 2, offset: 2 };
    const out = await processClip(clip, faceSettings(), dir);
    const crop = out.processing.crop;
    expect(crop.mode).toBe('face');
    expect(crop.face?.frame).toBe(1); // the onset frame
    expect(crop.box?.w).toBe(crop.box?.h);
    expect(crop.box && covers(crop.box, crop.landmarks ?? [])).toBe(true);
    expect(out.names).toEqual(['000000.jpg', '000001.jpg', '000002.jpg']);
    const m = await sharp(path.join(dir, '000000.jpg')).metadata();
    expect([m.width, m.height]).toEqual([112, 112]);
    // the crop still shows a face
    const again = await detectFace(path.join(dir, '000001.jpg'), 0.3);
    expect(again).not.toBeNull();
  }, 60_000);

  it('--align levels the eye line of a tilted face', async () => {
    const before = await detectFace(tilted);
    expect(before).not.toBeNull();
    expect(Math.abs(levellingAngle(before?.landmarks ?? []))).toBeGreaterThan(8);
    const dir = path.join(work, 'aligned');
    await mkdir(dir);
    const settings = faceSettings(true);
    settings.shape = { ...settings.shape, size: { width: 256, height: 256 } };
    const out = await processClip(
      { id: 'x/tilted', frames: [tilted], fps: 30, onset: 0, apex: null, offset: 0 },
      settings,
      dir,
    );
    expect(Math.abs(out.processing.crop.rotation)).toBeGreaterThan(8);
    const after = await detectFace(path.join(dir, '000000.jpg'), 0.3);
    expect(after).not.toBeNull();
    expect(Math.abs(levellingAngle(after?.landmarks ?? []))).toBeLessThan(4);
  }, 60_000);

  it('a frame without a face is reported, never cropped at a made-up place', async () => {
    const blank = path.join(work, 'blank.jpg');
    await sharp({ create: { width: 320, height: 240, channels: 3, background: '#7a7a7a' } })
      .jpeg()
      .toFile(blank);
    const dir = path.join(work, 'noface');
    await mkdir(dir);
    const clip = { id: 'x/blank', frames: [blank], fps: 30, onset: 0, apex: null, offset: 0 };
    const err = await processClip(clip, faceSettings(), dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClipError);
    expect((err as ClipError).code).toBe('frames.no-face');
    expect((err as ClipError).message).toContain(blank);
  }, 60_000);

  it('in a conversion, clips without a face are reported under skip and stop the run under fail', async () => {
    const { root } = await makeCasme2({ root: path.join(work, 'CASME2') });
    const skip = await convert({
      root,
      out: path.join(work, 'skip'),
      frames: 'process',
      crop: 'face',
      limit: 2,
      onError: 'skip',
    });
    expect(skip.samples).toHaveLength(0);
    expect(skip.report.issues.filter((i) => i.code === 'frames.no-face').map((i) => i.sample)).toHaveLength(
      2,
    );
    await expect(
      convert({ root, out: path.join(work, 'fail'), frames: 'process', crop: 'face', limit: 1 }),
    ).rejects.toThrow(/no face found on the onset frame/);
    // give the first clip real faces: it is cropped, the other still reported, and validate passes
    const onset = skip.report.issues.find((i) => i.code === 'frames.no-face')?.file as string;
    const clipDir = path.dirname(onset);
    for (const f of await readdir(clipDir)) await copyFile(photo, path.join(clipDir, f));
    const out = path.join(work, 'faces');
    const mixed = await convert({
      root,
      out,
      frames: 'process',
      crop: 'face',
      size: '64',
      limit: 2,
      onError: 'skip',
    });
    expect(mixed.samples).toHaveLength(1);
    const s = mixed.samples[0];
    expect(s?.processing?.crop.mode).toBe('face');
    expect(s?.processing?.crop.landmarks).toHaveLength(68);
    expect((await validate(out)).ok).toBe(true);
  }, 60_000);
});
