/**
 * How an EBS volume changes over simulated time: creating, then available;
 * attaching, then attached; detaching, then available again; a size change modifying, then optimizing (when
 * the new size takes effect), then completed. Derived from instants when
 * read, so they progress across processes.
 */
import type { Volume, VolumeModification } from '../../account/state.js';
import { after } from '../../account/time.js';

export const VOLUME_CREATING_SECONDS = 5;
export const VOLUME_ATTACHING_SECONDS = 3;
export const VOLUME_DETACHING_SECONDS = 3;
export const VOLUME_MODIFYING_SECONDS = 10;
// EBS optimizes for minutes to hours; a runbook needs only the new size, which takes effect when optimizing begins.
export const VOLUME_OPTIMIZING_SECONDS = 1800;

export type ModificationState = 'modifying' | 'optimizing' | 'completed';

/** The attachment as it stands: one being detached is gone once the detach has taken. */
export function currentAttachment(v: Volume, now: number): Volume['attachment'] {
  const a = v.attachment;
  if (!a || (a.detachingAt !== undefined && now >= after(a.detachingAt, VOLUME_DETACHING_SECONDS))) return undefined;
  return a;
}

export function volumeState(v: Volume, now: number): 'creating' | 'available' | 'in-use' {
  if (now < after(v.createdAt, VOLUME_CREATING_SECONDS)) return 'creating';
  return currentAttachment(v, now) ? 'in-use' : 'available';
}

export function attachmentState(v: Volume, now: number): 'attaching' | 'attached' | 'detaching' | undefined {
  const a = currentAttachment(v, now);
  if (!a) return undefined;
  if (a.detachingAt !== undefined) return 'detaching';
  return now < after(a.attachedAt, VOLUME_ATTACHING_SECONDS) ? 'attaching' : 'attached';
}

/** When a modification's new size takes effect. */
export function sizeEffectiveAt(m: VolumeModification): number {
  return after(m.startedAt, VOLUME_MODIFYING_SECONDS);
}

export function modificationState(m: VolumeModification, now: number): ModificationState {
  if (now < sizeEffectiveAt(m)) return 'modifying';
  return now < after(m.startedAt, VOLUME_MODIFYING_SECONDS + VOLUME_OPTIMIZING_SECONDS) ? 'optimizing' : 'completed';
}

/** The size a volume has now: a modification's target once it is optimizing. */
export function volumeSize(v: Volume, now: number): number {
  const effective = (v.modifications ?? []).filter((m) => now >= sizeEffectiveAt(m));
  return effective.at(-1)?.TargetSize ?? v.Size;
}
