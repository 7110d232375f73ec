// The workflow bundle's entry point: every workflow type the worker runs.
export { petitionWorkflow } from './petition/petition.workflow';
export { campaignWorkflow } from './campaign/campaign.workflow';
export { retentionWorkflow } from './retention/retention.workflow';
