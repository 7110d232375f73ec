/** The generic staff-action UI, for any screen that offers actions on a case. */
export { ActionForms, useAvailableActions, useCaseView } from './ActionForms';
export { ActionModal, invalidateCase, type AvailableAction } from './ActionModal';
