"""Baseline for `npm run bench`: the same job as me-unify's pipeline, the way a Python script
does it -- Pillow in a multiprocessing pool: open, crop a box, resize, save JPEG.

usage: baseline_pillow.py <frames_dir> <out_dir> <x,y,w,h> <size> <processes> <quality> <bicubic|lanczos>
Prints one JSON line: frames, seconds, frames/s, peak RSS (MB, largest process).
"""
import glob
import json
import os
import resource
import sys
import time
from multiprocessing import Pool

from PIL import Image

frames_dir, out_dir, box_arg, size_arg, procs_arg, quality_arg, kernel_arg = sys.argv[1:8]
X, Y, W, H = (int(v) for v in box_arg.split(','))
SIZE = int(size_arg)
QUALITY = int(quality_arg)
KERNEL = Image.LANCZOS if kernel_arg == 'lanczos' else Image.BICUBIC


def work(path):
    with Image.open(path) as im:
        im = im.crop((X, Y, X + W, Y + H)).resize((SIZE, SIZE), KERNEL)
        im.save(os.path.join(out_dir, os.path.basename(path)), quality=QUALITY)


if __name__ == '__main__':
    files = sorted(glob.glob(os.path.join(frames_dir, '**', '*.jpg'), recursive=True))
    os.makedirs(out_dir, exist_ok=True)
    with Pool(int(procs_arg)) as pool:
        pool.map(work, files[:32], chunksize=8)  # warm-up: processes started, imports loaded
        t0 = time.perf_counter()
        pool.map(work, files, chunksize=16)
        seconds = time.perf_counter() - t0
    # the workers' CPU time, counted once the pool has ended (RUSAGE_CHILDREN covers reaped children)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, usage.ru_maxrss)
    print(json.dumps({'frames': len(files), 'seconds': seconds, 'fps': len(files) / seconds, 'peak_rss_mb': rss / 1024,
                      'cpu_ms_per_frame': cpu * 1000 / (len(files) + 32), 'cores_busy': cpu * len(files) / (len(files) + 32) / seconds}))
