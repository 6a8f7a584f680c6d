import type { SourceSample } from '../adapters/adapter.js';

export type Span = 'onset-offset' | 'full' | 'onset-apex';

export interface SpanSelection {
  frames: readonly string[];
  onset: number;
  apex: number | null;
  offset: number;
}

/** The frames a sample keeps, with onset/apex/offset re-indexed into them. */
export function selectSpan(sample: SourceSample, span: Span): SpanSelection | { error: string } {
  const { frames, onset, apex, offset } = sample;
  if (span === 'full') return { frames, onset, apex, offset };
  const end = span === 'onset-apex' ? apex : offset;
  if (end === null) return { error: 'span onset-apex needs an apex, and this sample has none' };
  return {
    frames: frames.slice(onset, end + 1),
    onset: 0,
    apex: apex === null || apex > end ? null : apex - onset,
    offset: end - onset,
  };
}
