/**
 * The AWS SDK client classes a run has loaded. Nothing here imports the SDK:
 * each src/aws/sdk/<service>.ts registers its client when a step first
 * imports that service's commands, so a runbook that uses EC2 and STS loads
 * those two packages and no other.
 */
export type ClientConstructor = new (config: Record<string, unknown>) => { middlewareStack: { add: (mw: never, opts: never) => void }; destroy(): void };

const loaded = new Map<string, ClientConstructor>();

export function registerClient(service: string, ctor: ClientConstructor): void {
  loaded.set(service, ctor);
}

export function loadedClient(service: string): ClientConstructor {
  const ctor = loaded.get(service);
  if (!ctor) throw new Error(`The ${service} client was used before its commands were imported: import them from src/aws/sdk/${service}.js (a bug in runbook).`);
  return ctor;
}

/** The SDK client packages loaded so far (the benchmark prints them). */
export function loadedClients(): string[] {
  return [...loaded.keys()].sort();
}
