/**
 * Builds the petition worker: one task queue, the workflow bundle, and activity objects whose
 * public methods are the activities. Used by apps/worker and by the tests (same wiring).
 */
import { NativeConnection, Worker, WorkerOptions, bundleWorkflowCode } from '@temporalio/worker';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import { currentTracing } from '../observability/tracing';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PetitionDataConverter } from './data-converter';
import { requestIdActivityInterceptor } from './request-id';

export const WORKFLOWS_ENTRY = join(dirname(require.resolve('../../workflows')), 'index');
const REQUEST_ID_WORKFLOW_INTERCEPTORS = require.resolve(
  join(dirname(require.resolve('../../workflows')), 'request-id.interceptors'),
);
const OPENTELEMETRY_WORKFLOW_INTERCEPTORS =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/**
 * Workflow interceptors bundled with the workflows: the request id travels on to activities, and,
 * in a traced worker, the trace context on to RunWorkflow/HandleUpdate and the activities' spans.
 * An untraced worker leaves OpenTelemetry's out: in the workflow sandbox every span is promises and
 * contexts the SDK's promise hook records, about 15 ms of a route's 90 (docs/benchmarks.md). Headers
 * and spans are not commands, so a history replays the same with either set.
 */
export function workflowInterceptorModules(traced: boolean): string[] {
  return traced
    ? [REQUEST_ID_WORKFLOW_INTERCEPTORS, OPENTELEMETRY_WORKFLOW_INTERCEPTORS]
    : [REQUEST_ID_WORKFLOW_INTERCEPTORS];
}

/** The full set, as a traced worker runs it: what the replay gate replays with. */
export const WORKFLOW_INTERCEPTOR_MODULES = workflowInterceptorModules(true);

/**
 * The sinks a replay worker registers: the OpenTelemetry workflow interceptors call the `exporter`
 * sink during replay too, and a replay worker never runs it (not callDuringReplay) but logs an
 * error for every call to a sink it does not know.
 */
export function replaySinks(): NonNullable<WorkerOptions['sinks']> {
  const tracing = currentTracing();
  return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
}

/** Every public method of each object, bound to it, as the activities map a worker registers. */
export function activitiesOf(...instances: object[]): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const activities: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const instance of instances) {
    const names = new Set<string>();
    // Up the class chain, so a subclass (e.g. a test's failure injection) keeps its parent's activities.
    for (
      let proto = Object.getPrototypeOf(instance);
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
    }
    for (const name of names) {
      const member = (instance as Record<string, unknown>)[name];
      if (typeof member !== 'function') continue;
      if (activities[name]) throw new Error(`activity name "${name}" is defined twice`);
      activities[name] = (member as (...args: unknown[]) => Promise<unknown>).bind(instance);
    }
  }
  return activities;
}

export async function bundlePetitionWorkflows(traced = true): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve(WORKFLOWS_ENTRY),
    workflowInterceptorModules: workflowInterceptorModules(traced),
    logger: quietBundlerLogger,
  });
}

/**
 * Where `npm run build` leaves the workflow bundles (dist/workflow-bundle[.untraced].js, beside the
 * compiled code they were made from), so a production worker starts without bundling (seconds of
 * CPU each start, on every replica). Run from source there are none, and the worker bundles as before.
 */
export function prebuiltWorkflowBundle(traced: boolean): string {
  return join(__dirname, '..', '..', traced ? 'workflow-bundle.js' : 'workflow-bundle.untraced.js');
}

/** The prebuilt bundle for this worker (traced or not) when this build has one, else a bundle made now. */
export async function workflowBundleForWorker(
  log: (message: string) => void,
  traced = currentTracing().enabled,
): Promise<{ code: string } | { codePath: string }> {
  const prebuilt = prebuiltWorkflowBundle(traced);
  if (existsSync(prebuilt)) return { codePath: prebuilt };
  log(`no prebuilt workflow bundle at ${prebuilt}: bundling the workflows now`);
  return bundlePetitionWorkflows(traced);
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export interface PetitionWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object[];
  /** The service's data converter (payload codec): required, so no worker runs without it. */
  dataConverter: PetitionDataConverter;
  workflowBundle?: { code: string } | { codePath: string };
  overrides?: Partial<WorkerOptions>;
}

export async function createPetitionWorker(options: PetitionWorkerOptions): Promise<Worker> {
  const tracing = currentTracing();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve(WORKFLOWS_ENTRY) }),
    activities: activitiesOf(...options.activities),
    dataConverter: options.dataConverter,
    // A prebuilt bundle already holds the workflow interceptors (bundlePetitionWorkflows).
    interceptors: {
      ...(options.workflowBundle ? {} : { workflowModules: workflowInterceptorModules(tracing.enabled) }),
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
        requestIdActivityInterceptor(options.dataConverter),
      ],
    },
    // The workflow sandbox's spans leave through this sink (dropped when tracing is off).
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
    // Workers drain in-flight tasks on shutdown; a case is never half-applied.
    shutdownGraceTime: '10 seconds',
    ...options.overrides,
  });
}
