/**
 * The resource being patched, copy-on-write: the top level is copied once, an extension object
 * when first written, and an attribute value only when an operation replaces it. The caller's
 * resource is never mutated, and arrays no operation touches are shared, not cloned.
 */
import type { SchemaAttribute } from '../schema/schema-attribute';
import { CORE_USER } from '../../domain';

export class UserDraft {
  private readonly root: Record<string, unknown>;
  private readonly copiedExtensions = new Set<string>();

  constructor(resource: Readonly<Record<string, unknown>>) {
    this.root = { ...resource };
  }

  get(attribute: SchemaAttribute): unknown {
    return this.container(attribute.schema)?.[attribute.name];
  }

  /** `undefined` unassigns the attribute (RFC 7643 §2.5). */
  set(attribute: SchemaAttribute, value: unknown): void {
    const container = this.writableContainer(attribute.schema);
    if (value === undefined) {
      delete container[attribute.name];
    } else {
      container[attribute.name] = value;
    }
  }

  result(): Record<string, unknown> {
    return this.root;
  }

  private container(schema: string): Record<string, unknown> | undefined {
    if (schema === CORE_USER) return this.root;
    const extension = this.root[schema];
    return isRecord(extension) ? extension : undefined;
  }

  private writableContainer(schema: string): Record<string, unknown> {
    if (schema === CORE_USER) return this.root;
    if (!this.copiedExtensions.has(schema)) {
      this.root[schema] = { ...this.container(schema) };
      this.copiedExtensions.add(schema);
    }
    return this.root[schema] as Record<string, unknown>;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
