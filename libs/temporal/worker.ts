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
/**
 * Workflow interceptors bundled with the workflows: the request id travels on to activities, and
 * the trace context on to RunWorkflow/HandleUpdate and the activities' spans. Always in the bundle
 * (it is built once, traced or not); headers and spans are not commands, so histories replay the same.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  require.resolve(join(dirname(require.resolve('../../workflows')), 'request-id.interceptors')),
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

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

export async function bundlePetitionWorkflows(): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve(WORKFLOWS_ENTRY),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: quietBundlerLogger,
  });
}

/**
 * Where `npm run build` leaves the workflow bundle (dist/workflow-bundle.js, beside the compiled
 * code it was made from), so a production worker starts without bundling (seconds of CPU each
 * start, on every replica). Run from source there is none, and the worker bundles as before.
 */
export const PREBUILT_WORKFLOW_BUNDLE = join(__dirname, '..', '..', 'workflow-bundle.js');

/** The prebuilt bundle when this build has one, else a bundle made now. */
export async function workflowBundleForWorker(
  log: (message: string) => void,
): Promise<{ code: string } | { codePath: string }> {
  if (existsSync(PREBUILT_WORKFLOW_BUNDLE)) return { codePath: PREBUILT_WORKFLOW_BUNDLE };
  log(`no prebuilt workflow bundle at ${PREBUILT_WORKFLOW_BUNDLE}: bundling the workflows now`);
  return bundlePetitionWorkflows();
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
      ...(options.workflowBundle ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
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
