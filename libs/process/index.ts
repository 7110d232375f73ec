/** The domain's words (units, actors, actions, ledger, views) and the statute as data, in one place. */
export * from './units';
export * from './actors';
export * from './action-args';
export * from './ledger';
export * from './view';
export * from './projection';
export * from './policy';
export * from './calendar';
export * from './deadline';
export * from './wire-time';
export * from './clock-standing';
export * from './replies';
export * from './backlog';
export * from './campaign-policy';
export * from './campaign-selection';
export * from './campaign-definition';
export * from './campaign-bulletin';
