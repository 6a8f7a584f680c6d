"""The peers' loop: a fresh cv2.optflow.DualTVL1OpticalFlow_create() per pair, .calc(onset, apex).

Args: <pairs dir> <size> <count>. Prints one JSON line (pairs/s, CPU ms per pair). OpenCV may use
several threads inside one calc; that is what the peers get too.
"""
import json
import os
import sys
import time

import cv2
import numpy as np

d, size, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pairs = [tuple(np.fromfile(os.path.join(d, f"{i}.{t}.u8"), np.uint8).reshape(size, size) for t in ("i0", "i1"))
         for i in range(count)]
c0, t0 = time.process_time(), time.perf_counter()
for a, b in pairs:
    cv2.optflow.DualTVL1OpticalFlow_create().calc(a, b, None)
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"pairs_per_s": count / secs, "cpu_ms_per_pair": cpu * 1000 / count}))
