import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;

/**
 * The OpenAPI document the app serves, kept so endpoints can hand out the same schemas (e.g. an
 * action's argument schema for a client building its form). Set once by the bootstrap.
 */
@Injectable()
export class OpenApiDocument {
  private document: OpenAPIObject | null = null;

  set(document: OpenAPIObject): void {
    this.document = document;
  }

  /** A component schema with every `$ref` inlined, so it stands on its own. */
  schema(name: string): Schema {
    const schemas = (this.document?.components?.schemas ?? {}) as Record<string, Schema>;
    const resolve = (node: unknown, seen: string[]): unknown => {
      if (Array.isArray(node)) return node.map((n) => resolve(n, seen));
      if (node === null || typeof node !== 'object') return node;
      const ref = (node as { $ref?: string }).$ref;
      if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
        const target = ref.slice('#/components/schemas/'.length);
        if (seen.includes(target)) return { type: 'object', description: `(recursive ${target})` };
        return resolve(schemas[target], [...seen, target]);
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, seen)]));
    };
    if (!schemas[name]) throw new Error(`the OpenAPI document has no schema ${name}`);
    return resolve(schemas[name], [name]) as Schema;
  }
}
