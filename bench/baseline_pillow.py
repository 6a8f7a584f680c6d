"""Baseline for `npm run bench`: the same job as me-unify's pipeline, the way a Python script
does it -- Pillow in a multiprocessing pool: open, crop a box, resize, save JPEG.

usage: baseline_pillow.py <frames_dir> <out_dir> <x,y,w,h> <size> <processes> <quality> <bicubic|lanczos> [<weights.json>]
With a weights file (one row per output frame, one weight per source frame of a clip, as
me-unify's TIM computes them), each clip's cropped frames are blended with numpy into its output
frames, one clip per task. Prints one JSON line: frames, seconds, frames/s, peak RSS (MB, largest process).
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
WEIGHTS = None
if len(sys.argv) > 8:
    import numpy as np

    with open(sys.argv[8]) as f:
        WEIGHTS = np.array(json.load(f), dtype=np.float32)
X, Y, W, H = (int(v) for v in box_arg.split(','))
SIZE = int(size_arg)
QUALITY = int(quality_arg)
KERNEL = Image.LANCZOS if kernel_arg == 'lanczos' else Image.BICUBIC


def peak_rss_kb():
    """This process's own peak RSS (VmHWM): getrusage's ru_maxrss survives exec, so it would count
    the bench parent's memory at spawn."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def work(path):
    with Image.open(path) as im:
        im = im.crop((X, Y, X + W, Y + H)).resize((SIZE, SIZE), KERNEL)
        im.save(os.path.join(out_dir, os.path.basename(path)), quality=QUALITY)
    return peak_rss_kb()


def work_clip(paths):
    stack = []
    for path in paths:
        with Image.open(path) as im:
            stack.append(np.asarray(im.crop((X, Y, X + W, Y + H)).resize((SIZE, SIZE), KERNEL), dtype=np.float32))
    frames = np.stack(stack)
    out = np.tensordot(WEIGHTS, frames, axes=1)
    name = os.path.basename(os.path.dirname(paths[0]))
    for j, pixels in enumerate(out):
        Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8)).save(
            os.path.join(out_dir, f'{name}_{j:04d}.jpg'), quality=QUALITY)
    return peak_rss_kb()


if __name__ == '__main__':
    files = sorted(glob.glob(os.path.join(frames_dir, '**', '*.jpg'), recursive=True))
    os.makedirs(out_dir, exist_ok=True)
    with Pool(int(procs_arg)) as pool:
        if WEIGHTS is None:
            warm = 32
            pool.map(work, files[:warm], chunksize=8)  # warm-up: processes started, imports loaded
            t0 = time.perf_counter()
            peaks = pool.map(work, files, chunksize=16)
        else:
            clips = {}
            for path in files:
                clips.setdefault(os.path.dirname(path), []).append(path)
            tasks = list(clips.values())
            warm = len(tasks[0])
            pool.map(work_clip, tasks[:1])
            t0 = time.perf_counter()
            peaks = pool.map(work_clip, tasks, chunksize=1)
        seconds = time.perf_counter() - t0
    # the workers' CPU time, counted once the pool has ended (RUSAGE_CHILDREN covers reaped children)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    rss = max([peak_rss_kb(), *peaks])
    print(json.dumps({'frames': len(files), 'seconds': seconds, 'fps': len(files) / seconds, 'peak_rss_mb': rss / 1024,
                      'cpu_ms_per_frame': cpu * 1000 / (len(files) + warm), 'cores_busy': cpu * len(files) / (len(files) + warm) / seconds}))
