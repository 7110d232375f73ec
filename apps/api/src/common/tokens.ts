/** Injection tokens shared by the API's modules. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** The service's Temporal data converter (payload codec), the same one the client uses. */
export const DATA_CONVERTER = Symbol('DATA_CONVERTER');
export const API_METRICS = Symbol('API_METRICS');
export const OBJECT_STORE = Symbol('OBJECT_STORE');
