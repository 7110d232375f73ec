export default async function globalTeardown(): Promise<void> {
  for (const server of (globalThis.__petitionTestServers ?? []).reverse()) await server.stop();
}
