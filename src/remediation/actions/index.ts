/** Every remediation action, by kind. Add one by creating its module here and listing it. */
import type { AnyAction } from '../define-action';
import deleteAccessKey from './delete-access-key';

export const ACTIONS: AnyAction[] = [deleteAccessKey as unknown as AnyAction];

export function findAction(kind: string): AnyAction | undefined {
  return ACTIONS.find((a) => a.kind === kind);
}

export const ACTION_KINDS = (): string[] => ACTIONS.map((a) => a.kind);
