/** Injection tokens shared by the API's modules. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
