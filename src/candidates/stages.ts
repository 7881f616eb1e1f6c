/** The pipeline stages, in order. */
export const STAGES = ['new', 'screening', 'interview', 'offer', 'hired', 'rejected'] as const;

/** A candidate's place in the pipeline. */
export type Stage = (typeof STAGES)[number];

/** Display names of the stages. */
export const STAGE_LABELS: Record<Stage, string> = {
  new: 'New',
  screening: 'Screening',
  interview: 'Interview',
  offer: 'Offer',
  hired: 'Hired',
  rejected: 'Rejected',
};

/** Narrows any string to a stage. */
export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}
