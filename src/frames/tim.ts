import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * The Temporal Interpolation Model (Zhou, Zhao & Pietikäinen, "Towards a practical lipreading
 * system", CVPR 2011), as micro-expression work uses it to normalise clip length (TIM10, TIM16…).
 *
 * The n frames are the vertices of a path graph; the eigenvectors of its Laplacian embed them on a
 * curve whose k-th coordinate is the closed form f_k(t) = sin(πkt + π(n−k)/(2n)), t = i/n. A frame
 * is a linear function of its embedding, so any point t in [1/n, 1] of the curve gives a new frame.
 * Written out, every new frame is a weighted sum of the input frames: this returns those weights,
 * `weights[j][i]` for output j and input i, so pixels are combined once, in one pass.
 */
export function timWeights(n: number, positions: readonly number[]): number[][] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`TIM needs at least one frame, got ${n}`);
  if (n === 1) return positions.map(() => [1]);
  const basis = laplacianEmbedding(n);
  return positions.map((p) => {
    // 0-based fractional frame index p ↔ curve parameter t = (p + 1) / n (the paper's t_i = i/n)
    const t = (p + 1) / n;
    const w = new Array<number>(n).fill(1 / n); // the mean frame
    for (let k = 1; k < n; k++) {
      const y = basis.scale[k - 1]! * curve(n, k, t);
      const v = basis.vectors[k - 1]!;
      for (let i = 0; i < n; i++) w[i]! += v[i]! * y;
    }
    return w;
  });
}

function curve(n: number, k: number, t: number): number {
  return Math.sin(Math.PI * k * t + (Math.PI * (n - k)) / (2 * n));
}

interface Embedding {
  /** The n−1 non-constant unit eigenvectors, by increasing eigenvalue (frequency k = 1…n−1). */
  vectors: number[][];
  /** eigenvector_k = scale_k · f_k(i/n): fixes each vector's sign and norm against the curve. */
  scale: number[];
}

/** Above this the O(n³) decomposition is slow; the path graph's eigenvectors are then taken in closed form (the same vectors). */
const EIGEN_LIMIT = 400;

const cache = new Map<number, Embedding>();

function laplacianEmbedding(n: number): Embedding {
  const hit = cache.get(n);
  if (hit) return hit;
  const vectors: number[][] = [];
  if (n <= EIGEN_LIMIT) {
    const laplacian = Matrix.zeros(n, n);
    for (let i = 0; i < n - 1; i++) {
      laplacian.set(i, i + 1, -1);
      laplacian.set(i + 1, i, -1);
      laplacian.set(i, i, laplacian.get(i, i) + 1);
      laplacian.set(i + 1, i + 1, laplacian.get(i + 1, i + 1) + 1);
    }
    const evd = new EigenvalueDecomposition(laplacian, { assumeSymmetric: true });
    const values = evd.realEigenvalues;
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const m = evd.eigenvectorMatrix;
    for (const [, col] of order.slice(1)) vectors.push(m.getColumn(col));
  } else {
    for (let k = 1; k < n; k++) {
      const v = Array.from({ length: n }, (_, i) => Math.cos((Math.PI * k * (i + 0.5)) / n));
      const norm = Math.hypot(...v);
      vectors.push(v.map((x) => x / norm));
    }
  }
  const scale = vectors.map((v, idx) => {
    const k = idx + 1;
    const f = Array.from({ length: n }, (_, i) => curve(n, k, (i + 1) / n));
    const dot = v.reduce((s, x, i) => s + x * f[i]!, 0);
    const ff = f.reduce((s, x) => s + x * x, 0);
    const c = dot / ff;
    const residual = Math.max(...v.map((x, i) => Math.abs(x - c * f[i]!)));
    if (residual > 1e-6)
      throw new Error(`TIM: eigenvector ${k} of a ${n}-frame path graph does not follow the curve`);
    return c;
  });
  const embedding = { vectors, scale };
  cache.set(n, embedding);
  return embedding;
}
