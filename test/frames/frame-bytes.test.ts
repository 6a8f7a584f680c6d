import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFrameBytes } from '../../src/frames/frame-bytes.js';
import { tempDir } from '../helpers/tmp.js';

describe('readFrameBytes', () => {
  it('gives each file exactly its bytes, through one reused buffer', async () => {
    const dir = await tempDir();
    const big = Buffer.alloc(300_000, 7);
    big[big.length - 1] = 9;
    const small = Buffer.from('a small frame');
    await writeFile(path.join(dir, 'big.jpg'), big);
    await writeFile(path.join(dir, 'small.jpg'), small);
    await writeFile(path.join(dir, 'empty.jpg'), '');
    const first = readFrameBytes(path.join(dir, 'big.jpg'));
    expect(first.equals(big)).toBe(true);
    // a smaller file after a bigger one: its own length, nothing of the bigger one's tail
    expect(readFrameBytes(path.join(dir, 'small.jpg')).equals(small)).toBe(true);
    expect(readFrameBytes(path.join(dir, 'empty.jpg')).length).toBe(0);
    expect(readFrameBytes(path.join(dir, 'big.jpg')).equals(big)).toBe(true);
  });

  it('throws the system error, which names the file', async () => {
    const dir = await tempDir();
    expect(() => readFrameBytes(path.join(dir, 'gone.jpg'))).toThrow(/ENOENT.*gone\.jpg/);
  });
});
