/**
 * The staff actions are listed once (libs/process/action-names.ts); the policy's rules and the
 * workflow's updates follow that list, in its order (the API's paths and the console's generated
 * types are in that order).
 */
import { ACTION_NAMES } from '../../libs/process/action-names';
import { ACTIONS, CURRENT_POLICY } from '../../libs/process/policy';
import { petitionUpdates } from '../../workflows/petition/petition.contract';

describe('the one list of staff actions', () => {
  it('the policy has a rule for each action, in the list order', () => {
    expect(Object.keys(ACTIONS)).toEqual([...ACTION_NAMES]);
  });

  it('the current policy version rules on the same actions', () => {
    expect(Object.keys(CURRENT_POLICY.actions)).toEqual([...ACTION_NAMES]);
  });

  it('the workflow has one update per action, named as the action', () => {
    expect(Object.keys(petitionUpdates)).toEqual([...ACTION_NAMES]);
    for (const action of ACTION_NAMES) expect(petitionUpdates[action]).toMatchObject({ type: 'update', name: action });
  });
});
